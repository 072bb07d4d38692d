import { findPhoneNumbersInText } from 'libphonenumber-js';

/** Kinds of detail that identify a person, which the bot should not hold. */
export type IdentifierKind =
  | 'nhs-number'
  | 'date-of-birth'
  | 'postcode'
  | 'phone'
  | 'email'
  | 'ni-number'
  | 'named-person';

export interface IdentifierHit {
  kind: IdentifierKind;
  /** Where it was found, so a message can point at it without repeating the whole text. */
  index: number;
}

// Full UK postcodes (outward and inward code), per the Royal Mail format; "NN1" alone is not flagged.
const POSTCODE =
  /\b(?:GIR ?0AA|[A-PR-UWYZ][0-9]{1,2} ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2} ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][0-9][A-HJKPSTUW] ?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY] ?[0-9][ABD-HJLNP-UW-Z]{2})\b/gi;
const EMAIL = /\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b/gi;
// National Insurance number: two letters (with HMRC's excluded prefixes), six digits, A-D.
const NI_NUMBER = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi;
const TEN_DIGITS = /(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])/g;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const FULL_DATE = new RegExp(
  `\\b(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\s+\\d{4}|(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})\\b`,
  'gi',
);
const BIRTH_WORDS = /\b(?:d\.?o\.?b\.?|date of birth|born|birthday|b\.)\b/i;
// A title before a capitalised word ("Mrs Smith"), or "called/named Sam": the usual way names appear in notes.
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.? [A-Z][a-z'-]+/g;
const NAMING = /\b(?:called|named|name is|names? are)\s+[A-Z][a-z'-]{1,}/g;
// "Kayden (6)", "Kayden, aged 6", "Kayden who is 6": a capitalised word given an age is almost always a child's name.
const NAME_WITH_AGE =
  /\b[A-Z][a-z'-]{2,}(?:\s*\(\s*(?:aged?\s*)?\d{1,2}\s*(?:yrs?|years?)?\s*\)|,?\s+(?:aged|age)\s+\d{1,2}\b|,?\s+who is \d{1,2}\b|,?\s+\d{1,2} years? old\b)/g;
/** Capitalised words that are roles or common words, not names, when given an age or a title. */
const NOT_NAMES = new Set([
  'Mum',
  'Dad',
  'Mother',
  'Father',
  'Gran',
  'Grandma',
  'Grandad',
  'Nan',
  'Baby',
  'Child',
  'Sister',
  'Brother',
  'Son',
  'Daughter',
  'Aunt',
  'Uncle',
  'The',
  'Her',
  'His',
  'Their',
  'Who',
  'She',
  'He',
]);

/** True for a valid NHS number: ten digits whose last is the modulus-11 check digit of the first nine. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

/**
 * Finds likely identifying details in free text before it is stored. Cautious by design: it looks
 * for patterns (numbers with valid checksums, postcodes, titled names, names given ages) rather than
 * guessing at every capitalised word, so ordinary notes ("Mum", "Monday") pass.
 */
export function findIdentifiers(text: string): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  const add = (kind: IdentifierKind, index: number) => hits.push({ kind, index });

  for (const m of text.matchAll(TEN_DIGITS)) if (isNhsNumber(`${m[1]}${m[2]}${m[3]}`)) add('nhs-number', m.index ?? 0);
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
  for (const m of text.matchAll(FULL_DATE)) {
    const start = m.index ?? 0;
    const around = text.slice(Math.max(0, start - 40), start + m[0].length + 10);
    if (BIRTH_WORDS.test(around)) add('date-of-birth', start);
  }
  for (const pattern of [TITLED_NAME, NAMING, NAME_WITH_AGE]) {
    for (const m of text.matchAll(pattern)) {
      const word = m[0].match(/[A-Z][a-z'-]+/g)?.at(pattern === TITLED_NAME || pattern === NAMING ? -1 : 0) ?? '';
      if (!NOT_NAMES.has(word)) add('named-person', m.index ?? 0);
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** Words for each kind, for the message that asks the user to rephrase. */
export const IDENTIFIER_WORDS: Record<IdentifierKind, string> = {
  'nhs-number': 'an NHS number',
  'date-of-birth': 'a date of birth',
  postcode: 'a postcode',
  phone: 'a phone number',
  email: 'an email address',
  'ni-number': 'a National Insurance number',
  'named-person': "someone's name",
};

/** "a postcode and a phone number" for the kinds found. */
export function describeHits(hits: IdentifierHit[]): string {
  const words = [...new Set(hits.map((h) => IDENTIFIER_WORDS[h.kind]))];
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
