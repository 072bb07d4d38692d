import { loadContent } from '../../src/content/pack';
import { identifierWords } from '../../src/privacy/guard';
import { describeHits, findIdentifiers, type IdentifierHit, isNhsNumber } from '../../src/privacy/identifiers';

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
