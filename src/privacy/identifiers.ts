import { createRequire } from 'node:module';
import type * as PhoneNumbers from 'libphonenumber-js';
import { normaliseText } from './normalise';
import {
  AMBIGUOUS_FIRST_NAMES,
  EXTRA_FIRST_NAMES,
  FAMILY,
  NOT_NAMES,
  PERSON_VERBS,
  RELATIONS,
  STRONG_PERSON_VERBS,
  DETERMINERS as THING_WORDS,
  TITLE_BRANDS,
} from './words';

/** Kinds of detail that identify a person, which the bot should not hold. */
export const IDENTIFIER_KINDS = [
  'nhs-number',
  'date-of-birth',
  'postcode',
  'phone',
  'email',
  'ni-number',
  'named-person',
  'address',
  'school',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface IdentifierHit {
  kind: IdentifierKind;
  /** Where it was found in the normalised text, so a message can point at it without repeating the text. */
  index: number;
  /**
   * For names: 'person' when only a person's name was seen (which a colleague's name also is), and
   * 'family' when the name came with a relation, an age, a title or "called".
   */
  how?: 'person' | 'family';
}

interface CompromiseTerm {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}
interface CompromiseDoc {
  json(options: { offset: boolean }): { terms: CompromiseTerm[] }[];
  people(): { json(options: { offset: boolean }): { terms: CompromiseTerm[]; offset: { start: number } }[] };
}
type Compromise = ((text: string) => CompromiseDoc) & {
  model(): { one: { lexicon: Record<string, string | string[]> } };
};
// compromise's CommonJS build, loaded on first use (it costs about 100 ms to load).
let nlp: Compromise | undefined;
let words: Record<string, string | string[]> | undefined;
const compromise = (): Compromise => {
  nlp ??= createRequire(__filename)('compromise') as Compromise;
  return nlp;
};
// libphonenumber-js, loaded on first use too (~30 ms): a first "help" after a start never needs it.
let phoneNumbers: typeof PhoneNumbers | undefined;
const findPhoneNumbersInText = (text: string, country: PhoneNumbers.CountryCode) => {
  phoneNumbers ??= createRequire(__filename)('libphonenumber-js') as typeof PhoneNumbers;
  return phoneNumbers.findPhoneNumbersInText(text, country);
};
/** compromise's lexicon: each word it knows, with its tag (names are tagged MaleName, FemaleName, FirstName). */
const lexicon = (): Record<string, string | string[]> => {
  words ??= compromise().model().one.lexicon;
  return words;
};

// Full UK postcodes (outward and inward code), per the Royal Mail format; "NN1" alone is not flagged.
const POSTCODE =
  /\b(?:GIR ?0AA|[A-PR-UWYZ][0-9]{1,2} ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2} ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][0-9][A-HJKPSTUW] ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY] ?[0-9][ABD-HJLNP-UW-Z]{2})\b/gi;
const EMAIL = /\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b/gi;
// National Insurance number: two letters (with HMRC's excluded prefixes), six digits, A-D.
const NI_NUMBER = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi;
// Groups of digits with one separator between them, however they are grouped: "943 476 5919", "9434-765-919".
const DIGIT_GROUPS = /(?<![\d])\d+(?:(?: ?[.\-/_] ?| )\d+)*(?![\d])/g;
// A UK number written as people write one: 0 or +44, then ten digits in any grouping.
const PHONE_SHAPED = /(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s-]?\)?[\s-]?\d){8,9}(?![\d])/g;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const ORDINALS =
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[- ]?first';
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${ORDINALS})`;
// A date: numeric, ISO, "3rd March 2019", "the third of March", "March the 3rd, 2019", "March 2019".
const DATE = new RegExp(
  `\\b(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|(?:the\\s+)?${DAY}\\s+(?:of\\s+)?(?:${MONTHS})\\.?(?:,?\\s+\\d{4})?|(?:${MONTHS})\\.?\\s+(?:the\\s+)?${DAY}(?:,?\\s+\\d{4})?|(?:${MONTHS})\\.?,?\\s+\\d{4})\\b`,
  'gi',
);
const BIRTH_WORDS = /\b(?:d\.?o\.?b|date of birth|birth ?date|born|birthday|b\.)(?![a-z])/i;

const TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Master|Prof|Professor|Nurse|Sister|PC|DC|Sgt)';
const CAP = "[A-Z][a-z'-]+";
// A title before a capitalised word ("Mrs Smith"), or "called/named Sam": the usual way names appear in notes.
const TITLED_NAME = new RegExp(`(?<![A-Za-z])(Little\\s+)?${TITLE}\\.? (${CAP})`, 'g');
const NAMING = new RegExp(
  `\\b(?:called|named|name is|names are|name's|known as|goes by)\\s+(${CAP}(?:\\s+${CAP})?)`,
  'gi',
);
// "Kayden (6)", "Kayden, aged 6", "Kayden who is 6", "Kayden, 6,": a capitalised word given an age.
const NAME_WITH_AGE = new RegExp(
  `\\b(${CAP})(?:\\s*\\(\\s*(aged?\\s*)?\\d{1,2}\\s*(?:yrs?|years?|y\\/?o|months?|mths?)?\\s*\\)|,?\\s+(?:aged|age)\\s+\\d{1,2}\\b|,?\\s+who is \\d{1,2}\\b|,?\\s+\\d{1,2} ?(?:years? old|yrs? old|y\\/?o)\\b|,\\s+\\d{1,2},)`,
  'g',
);
// A relation or role, then a name: "Mum Kelly", "the child Jayden", "dad (Mark)", "stepdad, Lee,".
const RELATION_NAME = new RegExp(
  `\\b([A-Za-z-]+)(?:'s)?(?:,\\s*|\\s+|\\s*\\(\\s*(?=${CAP}\\s*\\)))(${CAP})(?=\\W|$)`,
  'g',
);

// A name, then the relation or role: "Ola Ade (stepdad)", "Precious Mensah, paternal grandmother,".
const NAME_THEN_ROLE = new RegExp(
  `\\b(${CAP}(?:\\s+${CAP})?)\\s*(?:\\(|,|-)\\s*(?:(?:the|his|her|their|maternal|paternal|step|older|younger|half|birth|foster|new|former|eldest|youngest|little|big)[\\s-]+)*([a-z-]+)\\b`,
  'g',
);
const STREET_TYPES =
  'Street|St|Road|Rd|Avenue|Ave|Close|Lane|Way|Drive|Crescent|Court|Gardens|Gdns|Place|Grove|Terrace|Walk|Square|Hill|Row|Mews|Rise|View|Green|Parade|Vale|End|Fields|Meadows?|Chase|Croft|Boulevard|Wharf';
// A house number and a street: "14 Abington Street", "27b Kettering Road", "5 oak close".
const STREET_ADDRESS = new RegExp(
  `\\b\\d{1,4}[A-Za-z]?,?\\s+(?:${CAP}\\s+){1,3}(?:${STREET_TYPES}|${STREET_TYPES.toLowerCase()})\\b`,
  'g',
);
// A street named after "lives on", "moved to", "at": "lives on Abington Street".
const NAMED_STREET = new RegExp(
  `\\b(?:on|in|at|to|off|from|of)\\s+((?:${CAP}\\s+){1,2})(?:Street|Road|Avenue|Close|Lane|Drive|Crescent|Gardens|Grove|Terrace|Mews)\\b`,
  'g',
);
// The same, typed in lower case, with only street words that cannot be anything else ("27 oak rd").
const LOWER_STREET_ADDRESS =
  /\b\d{1,4}[a-z]?,?\s+(?!(?:the|a|an|of|to|in|on|at|up|down|along|across|times|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|miles?|metres?|yards?|doors?|houses?)\s)(?:[a-z'-]{3,}\s+){1,2}(?:street|road|rd|avenue|ave|lane|crescent|gardens|grove|terrace|mews|close)\b/gi;
const FLAT = /\b(?:flat|apartment|apt)\.?\s*(?:no\.?\s*)?\d{1,4}[A-Za-z]?\b/gi;
// A named building: "Regent House", "Rose Cottage", "Elm Lodge".
const NAMED_HOUSE = new RegExp(
  `\\b(${CAP})\\s+(?:House|Lodge|Cottage|Cottages|Court|Mansions|Heights|Towers|Farm|Manor|Villas?|Barn)\\b`,
  'g',
);
/** Words before House or Court that make something other than an address ("Safety House", "Family Court"). */
const NOT_HOUSE_NAMES = new Set(
  'safety family crown county magistrates high youth care dream wendy tree play doll dolls foster open big little new old council town court children'.split(
    ' ',
  ),
);
const SCHOOL_TYPES =
  'Primary School|Primary|Academy|School|College|Nursery|Infants|Infant School|Junior School|Juniors|Pre-school|Preschool|Pre-School|Playgroup|Montessori|Grammar School|High School|Free School|CE Primary|C of E Primary';
// A school or nursery by name: capitalised words then the kind of school.
const SCHOOL = new RegExp(
  `\\b((?:(?:St\\.?|Saint|${CAP}|[A-Z][a-z]*'s)\\s+(?:(?:of|the|and|&|in|on)\\s+)?){1,4})(?:${SCHOOL_TYPES})\\b`,
  'g',
);
const DETERMINERS = new Set('the a an this that our their his her my your its'.split(' '));
/** Capitalised words that only say what kind of school it is ("Forest School", "the Virtual School"). */
const GENERIC_SCHOOL_WORDS = new Set(
  'the a primary secondary special local new high junior junior infant infants nursery forest virtual sunday boarding catholic church free grammar independent residential pupil referral her his their my our your this that mainstream alternative community village private state day after breakfast holiday summer prep previous current old big little school college'.split(
    ' ',
  ),
);

/** True for a valid NHS number: ten digits whose last is the modulus-11 check digit of the first nine. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

const key = (word: string) => word.toLowerCase().replace(/['’]s$/, '');
const notName = (word: string) => NOT_NAMES.has(key(word));

/** True when the word starts a sentence (or the text), where every word is capitalised anyway. */
function startsSentence(text: string, index: number): boolean {
  return /(?:^|[.!?:;\n•*-]\s*|^\s*\(?)$/.test(text.slice(Math.max(0, index - 4), index).trimEnd()) || index === 0;
}

/** The word after the one ending at `end`, lower case. */
function nextWord(text: string, end: number): string {
  return (/^[\s,]*([A-Za-z']+)/.exec(text.slice(end))?.[1] ?? '').toLowerCase();
}

/**
 * Finds likely identifying details in free text before it is stored: numbers with valid checksums,
 * postcodes, phone numbers, emails, dates of birth, addresses, schools, and people's names (from the
 * NLP package's person names and lexicon, a first-name list, and the way names appear in notes:
 * after a relation or title, with an age, after "called"). Ordinary notes ("Mum", "Monday",
 * "Three Houses", "CAMHS") pass. The text is normalised first, so pasted separators cannot hide a number.
 */
export function findIdentifiers(raw: string): IdentifierHit[] {
  const text = normaliseText(raw);
  const hits: IdentifierHit[] = [];
  const add = (kind: IdentifierKind, index: number, how?: IdentifierHit['how']) =>
    hits.push(how ? { kind, index, how } : { kind, index });

  for (const m of text.matchAll(DIGIT_GROUPS)) {
    const groups = [...m[0].matchAll(/\d+/g)];
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 10; j++) digits += groups[j]?.[0] ?? '';
      if (digits.length === 10 && isNhsNumber(digits)) {
        add('nhs-number', (m.index ?? 0) + (groups[i]?.index ?? 0));
        break;
      }
    }
  }
  for (const m of text.matchAll(POSTCODE)) add('postcode', m.index ?? 0);
  for (const m of text.matchAll(EMAIL)) add('email', m.index ?? 0);
  for (const m of text.matchAll(NI_NUMBER)) add('ni-number', m.index ?? 0);
  for (const found of findPhoneNumbersInText(text, 'GB')) {
    // UK numbers are written with a leading 0 or +; bare digit runs are usually references or counts.
    if (!/^[0+(]/.test(text.slice(found.startsAt))) continue;
    // A valid NHS number can look like a phone number; report it once, as what it is.
    if (!hits.some((h) => h.kind === 'nhs-number' && Math.abs(h.index - found.startsAt) < 3))
      add('phone', found.startsAt);
  }
  // Phone-shaped numbers the library does not list as in use (new ranges, the drama range).
  for (const m of text.matchAll(PHONE_SHAPED)) {
    const index = m.index ?? 0;
    if (!hits.some((h) => (h.kind === 'phone' || h.kind === 'nhs-number') && Math.abs(h.index - index) < 4))
      add('phone', index);
  }
  for (const m of text.matchAll(DATE)) {
    const start = m.index ?? 0;
    const around = text.slice(Math.max(0, start - 40), start + m[0].length + 12);
    // Any date ("12/03/2019", "the third of March", "March 2019") counts only near "born", "DOB" or "birthday".
    if (BIRTH_WORDS.test(around)) add('date-of-birth', start);
  }
  findAddresses(text, add);
  findNames(text, add);
  // The NLP pass is the slow part (about 12 ms for 500 characters): a name already found is enough.
  if (!hits.some((h) => h.kind === 'named-person')) findNamesInContext(text, add);
  return hits.sort((a, b) => a.index - b.index);
}

function findAddresses(text: string, add: (kind: IdentifierKind, index: number) => void): void {
  for (const m of text.matchAll(STREET_ADDRESS)) add('address', m.index ?? 0);
  for (const m of text.matchAll(LOWER_STREET_ADDRESS)) {
    const words = m[0]
      .replace(/^\d+[a-z]?,?\s+/i, '')
      .split(/\s+/)
      .slice(0, -1);
    if (!words.some((w) => THING_WORDS.has(w.toLowerCase()) || PERSON_VERBS.has(w.toLowerCase())))
      add('address', m.index ?? 0);
  }
  for (const m of text.matchAll(NAMED_STREET)) {
    const words = (m[1] ?? '').trim().split(/\s+/);
    if (!words.every((w) => DETERMINERS.has(key(w)))) add('address', m.index ?? 0);
  }
  for (const m of text.matchAll(FLAT)) add('address', m.index ?? 0);
  for (const m of text.matchAll(NAMED_HOUSE)) {
    const word = key(m[1] ?? '');
    if (!NOT_HOUSE_NAMES.has(word) && !RELATIONS.has(word) && !DETERMINERS.has(word)) add('address', m.index ?? 0);
  }
  for (const m of text.matchAll(SCHOOL)) {
    const words = (m[1] ?? '').trim().split(/\s+/);
    const named = words.some((w) => /^[A-Z]/.test(w) && !GENERIC_SCHOOL_WORDS.has(key(w)));
    if (named) add('school', m.index ?? 0);
  }
}

function findNames(text: string, add: (kind: IdentifierKind, index: number, how?: IdentifierHit['how']) => void): void {
  for (const m of text.matchAll(TITLED_NAME)) {
    const word = m[2] ?? '';
    if (m[1] || TITLE_BRANDS.has(key(word)) || notName(word)) continue;
    add('named-person', m.index ?? 0, 'family');
  }
  for (const m of text.matchAll(NAMING)) {
    const words = (m[1] ?? '').split(/\s+/);
    if (/^[A-Z]/.test(words[0] ?? '') && !notName(words[0] ?? '')) add('named-person', m.index ?? 0, 'family');
  }
  for (const m of text.matchAll(NAME_WITH_AGE)) {
    const word = m[1] ?? '';
    if (notName(word)) continue;
    // "Incidents (2)": a bare number in brackets after a plural noun is a count, not an age.
    if (/^\s*\(\s*\d/.test(m[0].slice(word.length)) && /s$/.test(word) && !isFirstName(word)) continue;
    add('named-person', m.index ?? 0, 'family');
  }
  for (const m of text.matchAll(RELATION_NAME)) {
    const relation = (m[1] ?? '').toLowerCase();
    const word = m[2] ?? '';
    if (!RELATIONS.has(relation) || notName(word) || TITLE_BRANDS.has(key(word))) continue;
    // "Practitioner Briefing", "Children Partnership": after a role, only a name or an unknown word counts.
    if (!isFirstName(word) && (knownWord(word) || NOUN_ENDINGS.test(word))) continue;
    // A colleague named after their role is still a name, but one a "who will do it" box may hold.
    add('named-person', m.index ?? 0, FAMILY.has(relation) ? 'family' : 'person');
  }
  for (const m of text.matchAll(NAME_THEN_ROLE)) {
    const words = (m[1] ?? '').split(/\s+/);
    if (!RELATIONS.has(m[2] ?? '') || words.some((w) => notName(w))) continue;
    // One capitalised word could be any word starting a sentence ("However, mum said"): it must be a name.
    if (words.length === 1 && !isFirstName(words[0] ?? '') && knownWord(words[0] ?? '')) continue;
    add('named-person', m.index ?? 0, FAMILY.has(m[2] ?? '') ? 'family' : 'person');
  }
  findLowerCaseNames(text, add);
  if (!/[A-Z]/.test(text)) return;
  for (const m of text.matchAll(/\b[A-Z][a-z]+(?:['’]s)?(?:-[A-Z][a-z]+)?\b/g)) {
    const word = m[0];
    const index = m.index ?? 0;
    if (notName(word) || !isFirstName(word)) continue;
    if (/\b(?:St|Saint)\.?\s*$/.test(text.slice(Math.max(0, index - 7), index))) continue;
    // "Summer" or "Hope" starting a sentence is a name only when a person's verb or a surname follows.
    if (AMBIGUOUS_FIRST_NAMES.has(key(word)) && startsSentence(text, index) && !usedAsPerson(text, index + word.length))
      continue;
    add('named-person', index, 'person');
  }
}

/** True when what follows a word is what follows a person: a person's verb, "'s", or a capitalised surname. */
function usedAsPerson(text: string, end: number): boolean {
  const rest = text.slice(end);
  // "Hope is that…", "Faith was to…": the word is a noun, not a person.
  if (/^\s+(?:is|was)\s+(?:that|to|for)\b/i.test(rest)) return false;
  return PERSON_VERBS.has(nextWord(text, end)) || /^['’]s\b/.test(rest) || /^ [A-Z][a-z]+(?![a-z])/.test(rest);
}

/** Endings of ordinary nouns, rare in names ("Briefing", "Partnership", "Assessment"). */
const NOUN_ENDINGS = /(?:ing|tion|sion|ment|ness|ship|ance|ence|ity|ism|ist|ery|ary|ory|ology|hood|work|ies)$/;

/** True when the NLP lexicon knows the word as something other than a name ("However", "Sadly"). */
function knownWord(word: string): boolean {
  const tag = lexicon()[key(word)];
  return (tag !== undefined && !/Name/.test(String(tag))) || /ly$/.test(word);
}

/**
 * First names typed in lower case ("niamh said", "told jayden"): only where a name would stand, at the
 * start of a sentence or after "told", "with", "and", and then doing what people do.
 */
function findLowerCaseNames(
  text: string,
  add: (kind: IdentifierKind, index: number, how?: IdentifierHit['how']) => void,
): void {
  for (const m of text.matchAll(/(?<![A-Za-z'’-])[a-z][a-z'’-]{2,}(?![A-Za-z'’-])/g)) {
    const word = m[0];
    const index = m.index ?? 0;
    if (notName(word) || !isFirstName(word)) continue;
    const before = (/([A-Za-z']+)[\s,]*$/.exec(text.slice(Math.max(0, index - 20), index))?.[1] ?? '').toLowerCase();
    if (THING_WORDS.has(before)) continue;
    const end = index + word.length;
    const objectOfVerb = /^(?:told|asked|saw|met|visited|called|named)$/.test(before);
    const standsAsPerson =
      (startsSentence(text, index) || before === 'and' || before === 'with') && usedAsPerson(text, end);
    // A name that is also a word ("grace", "rose") needs a verb after it, not just "and".
    const doesSomething = !AMBIGUOUS_FIRST_NAMES.has(key(word)) || !/^(?:and|or)$/.test(nextWord(text, end));
    if (objectOfVerb || (standsAsPerson && doesSomething)) add('named-person', index, 'person');
  }
}

/** A first name the NLP lexicon or the extra list knows ("Jayden", "Kacey-Mae"). */
function isFirstName(word: string): boolean {
  const known = lexicon();
  return word.split('-').some((part) => {
    const k = key(part);
    const tag = String(known[k] ?? '');
    return /(?:Male|Female|First)Name/.test(tag) || EXTRA_FIRST_NAMES.has(k) || AMBIGUOUS_FIRST_NAMES.has(k);
  });
}

/**
 * Names the NLP package recognises from context ("Mrs Smith", "Ruby Smith") and capitalised words it
 * does not know that are used as people are ("then Keeley said", "Tayla cried").
 */
function findNamesInContext(
  text: string,
  add: (kind: IdentifierKind, index: number, how?: IdentifierHit['how']) => void,
): void {
  // The NLP pass costs about 12 ms for 500 characters: run it only when some sentence could hold a name.
  if ([...text.matchAll(/[^.!?\n]+[.!?\n]*/g)].some((m) => worthParsing(m[0]))) parseForNames(text, 0, add);
}

/**
 * True when a sentence has a capitalised word that could be a name: one away from the sentence start,
 * or a first word followed by a capitalised word or a verb people do ("Tayla cried"), and not a word
 * from the lists of roles, places and practice terms.
 */
function worthParsing(sentence: string): boolean {
  for (const m of sentence.matchAll(/[A-Z][a-z'’-]+/g)) {
    const index = m.index ?? 0;
    if (notName(m[0]) || /[A-Za-z]/.test(sentence[index - 1] ?? '')) continue;
    if (!startsSentence(sentence, index)) return true;
    const rest = sentence.slice(index + m[0].length);
    if (/^[\s,]*[A-Z][a-z]/.test(rest) || PERSON_VERBS.has(nextWord(sentence, index + m[0].length))) return true;
  }
  return false;
}

function parseForNames(
  text: string,
  at: number,
  add: (kind: IdentifierKind, index: number, how?: IdentifierHit['how']) => void,
): void {
  const doc = compromise()(text);
  for (const person of doc.people().json({ offset: true })) {
    const names = person.terms.filter((t) => {
      const word = t.text.replace(/[^A-Za-z'’-]/g, '');
      return /^[A-Z]/.test(word) && !notName(word) && !TITLE_BRANDS.has(key(word)) && !t.tags.includes('Honorific');
    });
    const first = person.terms[0];
    if (!first || names.length === 0) continue;
    if (person.terms.some((t) => TITLE_BRANDS.has(key(t.text.replace(/[^A-Za-z'’-]/g, ''))))) continue;
    const start = first.offset.start;
    if (/\b(?:St|Saint)\.?\s*$/.test(text.slice(Math.max(0, start - 7), start))) continue;
    add('named-person', at + start, 'person');
  }
  const known = lexicon();
  for (const sentence of doc.json({ offset: true })) {
    sentence.terms.forEach((t, i) => {
      const word = t.text.replace(/[^A-Za-z'’-]/g, '');
      if (!/^[A-Z][a-z]{2,}/.test(word) || notName(word) || known[key(word)] !== undefined) return;
      if (t.tags.some((tag) => /Organization|Place|Acronym|Date|Plural|Verb|Adjective|Adverb/.test(tag))) return;
      const next = nextWord(text, t.offset.start + t.text.length);
      const after = STRONG_PERSON_VERBS.has(next) || /^['’]s\b/.test(text.slice(t.offset.start + word.length));
      if (!after) return;
      // Away from the start of a sentence a capitalised unknown word is a proper noun; at the start, only a
      // person-like verb after it makes it a name ("Tayla cried").
      if (i === 0 && (next === 'is' || next === 'was' || next === 'has' || next === 'had' || next === 'and')) return;
      add('named-person', at + t.offset.start, 'person');
    });
  }
}

/** "a postcode and a phone number" for the kinds found, in the content pack's words for each kind. */
export function describeHits(hits: IdentifierHit[], words: (kind: IdentifierKind) => string): string {
  const found = [...new Set(hits.map((h) => words(h.kind)))];
  if (found.length <= 1) return found[0] ?? '';
  return `${found.slice(0, -1).join(', ')} and ${found.at(-1)}`;
}
