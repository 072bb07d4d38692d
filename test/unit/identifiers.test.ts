import { loadContent } from '../../src/content/pack';
import { cleanText } from '../../src/features/mapping/model';
import { identifiersIn, identifierWords } from '../../src/privacy/guard';
import {
  describeHits,
  findIdentifiers,
  IDENTIFIER_KINDS,
  type IdentifierHit,
  isNhsNumber,
} from '../../src/privacy/identifiers';
import { normaliseText } from '../../src/privacy/normalise';

const words = identifierWords(loadContent());
const describe_ = (hits: IdentifierHit[]) => describeHits(hits, words);

const kinds = (text: string) => [...new Set(findIdentifiers(text).map((h) => h.kind))];

describe('spotting identifying details', () => {
  it.each([
    ['NHS number 943 476 5919 on file', 'nhs-number'],
    ['nhs 9434765919', 'nhs-number'],
    ['DOB 12/03/2019', 'date-of-birth'],
    ['born on 4 March 2020 at the General', 'date-of-birth'],
    ['date of birth: 2018-11-02', 'date-of-birth'],
    ['lives at NN1 5AA with mum', 'postcode'],
    ['moved to nn4 8bx', 'postcode'],
    ['call mum on 07912 345678', 'phone'],
    ['school office 01604 496000 ext 2', 'phone'],
    ['+44 20 7946 0958', 'phone'],
    ['email dad at someone@example.co.uk', 'email'],
    ['NI number AB 12 34 56 C', 'ni-number'],
    ['Mrs Smith said the children were hungry', 'named-person'],
    ['Dr. Patel at the surgery', 'named-person'],
    ['the boy is called Kayden', 'named-person'],
    ['Kayden (6) was left alone', 'named-person'],
    ['Amelia, aged 4, has bruises', 'named-person'],
    ['Tyler who is 9 was not in school', 'named-person'],
  ])('finds it in "%s"', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    'Dad hit mum in front of the baby on the worst occasion',
    'The children were left alone overnight twice last month',
    'Mum (aged 24) has been drinking more since the move',
    'Gran visits every Monday and takes the children to school',
    'Case 4 review on 12/03/2025',
    'Scored 3 out of 10 because only gran is protective',
    'Next step: network meeting within 10 working days',
    'NN1 area team',
    'Section 47 enquiry started, ICPC within 15 days',
    'Reference 1234567890 is not a valid NHS number',
    'Dad said he would stop drinking. Mum wants the children home.',
  ])('leaves ordinary practice notes alone: "%s"', (text) => {
    expect(findIdentifiers(text)).toEqual([]);
  });

  it('checks the NHS number check digit', () => {
    expect(isNhsNumber('9434765919')).toBe(true);
    expect(isNhsNumber('9434765918')).toBe(false);
    expect(isNhsNumber('123456789')).toBe(false);
  });

  it('names what it found in plain words', () => {
    expect(describe_(findIdentifiers('NN1 5AA, 07912 345678'))).toBe('a postcode and a phone number');
    expect(describe_(findIdentifiers('Mrs Smith at NN1 5AA, 07912 345678'))).toBe(
      "someone's name, a postcode and a phone number",
    );
  });
});

describe('pasted separators and unusual grouping', () => {
  it.each([
    ['no-break spaces', 'NHS 943\u00a0476\u00a05919'],
    ['narrow no-break spaces', 'NHS 943\u202f476\u202f5919'],
    ['en dashes', 'NHS 943\u2013476\u20135919'],
    ['dots', 'NHS 943.476.5919'],
    ['soft hyphens', '943\u00ad476\u00ad5919'],
    ['word joiners', '943\u2060476\u20605919'],
    ['zero-width spaces', '943\u200b476\u200b5919'],
    ['full-width digits', '\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19'],
    ['4-3-3 grouping', '9434 765 919'],
    ['2-4-4 grouping', '94 3476 5919'],
    ['all run together', 'nhs:9434765919.'],
    ['thin spaces and a figure dash', '943\u2009476\u20125919'],
  ])('finds an NHS number with %s', (_, text) => {
    expect(kinds(text)).toContain('nhs-number');
  });

  it('finds a postcode with a no-break space', () => {
    expect(kinds('lives at NN1\u00a05AA')).toContain('postcode');
  });

  it('does not join separate numbers into an NHS number', () => {
    expect(kinds('Scored 4 out of 10 on 12/03/2025, 3 visits')).toEqual([]);
  });
});

describe('the kinds the outside review found missed, and its false alarms', () => {
  it.each([
    ['Sarah Jones did not attend', 'named-person'],
    ['Mum Kelly said it was calmer', 'named-person'],
    ['the child Jayden was upset', 'named-person'],
    ['dad (Mark) shouted', 'named-person'],
    ['they live at 14 Abington Street', 'address'],
    ['Flat 3, Regent House', 'address'],
    ["he goes to St Mary's Primary", 'school'],
    ['she is at Weston Favell Academy', 'school'],
    ['born on the third of March 2019', 'date-of-birth'],
    ['DOB 3rd March 2019', 'date-of-birth'],
  ])('finds "%s"', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    'mum called the school',
    'incidents (2) since the review',
    'Incidents (2) since the review',
    'she loves Dr Seuss books',
    'Mr Men stickers on the chart',
    'he watches Mr Tumble',
    'We used Three Houses, the Safety House and Words and Pictures',
    'Referral to CAMHS via the MASH on Monday in Northampton',
  ])('leaves "%s" alone', (text) => {
    expect(findIdentifiers(text)).toEqual([]);
  });
});

describe('the one normaliser', () => {
  it('makes pasted text plain: format characters out, spaces and dashes unified, trimmed', () => {
    expect(normaliseText('  Mum\u00a0and\u202fdad\u200b \u2013 gran\u00ad\u2060 \r\n\r\n\r\n\tok  ')).toBe(
      'Mum and dad - gran\n\nok',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
    expect(normaliseText('\uff11\uff12 $\u200b{x}')).toBe('12 ${x}');
  });

  it('keeps emoji made of several joined emoji', () => {
    expect(normaliseText('👨\u200d👩\u200d👧 family')).toBe('👨\u200d👩\u200d👧 family');
  });

  it('gives the same text when applied twice', () => {
    for (const s of ['a\u00a0\u00a0b', ' x \n\n\n y ', '943\u200b476', 'caf\u0065\u0301', '\u2028line\u2029'])
      expect(normaliseText(normaliseText(s))).toBe(normaliseText(s));
  });

  it('is what the mapping model stores', () => {
    expect(cleanText).toBe(normaliseText);
  });
});

describe('the guard for a field meant for a colleague', () => {
  it('lets a colleague be named in "who will do it", but nothing else identifying', () => {
    for (const colleague of ['Alex (social worker)', 'Sam (supervisor)', 'the social worker, Alex'])
      expect(identifiersIn(colleague, 'colleagues')).toEqual([]);
    expect(identifiersIn('Alex (social worker)')).not.toEqual([]);
    for (const owner of [
      'Mum Kelly',
      'his brother (Tom)',
      'Tom (brother)',
      'Alex 07912 345678',
      'alex@example.com',
      'NHS 943 476 5919',
    ])
      expect(identifiersIn(owner, 'colleagues')).not.toEqual([]);
  });

  it('has words in the content pack for every kind', () => {
    for (const kind of IDENTIFIER_KINDS) expect(words(kind)).toMatch(/\w/);
  });
});
