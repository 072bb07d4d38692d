import type { BUILDER_KINDS } from '../../content/schema';
import { looksLikeLabel, mentionsServices, saysHowLong } from '../practiceText';

/**
 * Danger statements and safety goals, free of Teams: which parts each needs, the checks a good one
 * passes, and how the parts are put together in plain English. Nothing is stored; the parts arrive
 * from the card each time and every check runs on every press.
 */

/** A danger (worry) statement or a safety (success, wellbeing) goal. */
export type StatementKind = (typeof BUILDER_KINDS)[number];

/** Every part either kind can have. */
export type PartId =
  | 'who'
  | 'children'
  | 'worry'
  | 'impact'
  | 'because'
  | 'safety'
  | 'disagreement'
  | 'parents'
  | 'child'
  | 'professionals'
  | 'duration';

/** The parts of each kind, in the order the card asks for them. */
export const STATEMENT_PARTS: Record<StatementKind, readonly PartId[]> = {
  'danger-statement': ['who', 'children', 'worry', 'impact', 'because', 'safety', 'disagreement'],
  'safety-goal': ['parents', 'child', 'professionals', 'duration'],
};

/** Every part of both kinds. */
export const ALL_PARTS: readonly PartId[] = [...STATEMENT_PARTS['danger-statement'], ...STATEMENT_PARTS['safety-goal']];

/** The parts a statement cannot do without (sofs-facts section 1); the rest are optional. */
export const REQUIRED_PARTS: Record<StatementKind, readonly PartId[]> = {
  'danger-statement': ['who', 'children', 'worry', 'impact', 'because'],
  'safety-goal': ['parents', 'child', 'professionals', 'duration'],
};

/** Longest part, in characters: a statement is read aloud with the family, so each part stays short. */
export const PART_MAX_CHARS = 600;
/** A worry described in fewer words than this is unlikely to say what actually happens. */
export const MIN_WORRY_WORDS = 4;

/** What the person typed for each part, as text ('' when left blank). */
export type StatementParts = Record<PartId, string>;

/** Why a statement is not finished (blocking) or is worth another look (flags). */
export type StatementProblem =
  | { code: 'Missing'; parts: PartId[] }
  | { code: 'TooLong'; part: PartId; length: number; max: number }
  | { code: 'LooksLikeLabel'; part: 'worry' }
  | { code: 'TooShort'; part: 'worry' }
  | { code: 'NoChild' }
  | { code: 'NoEvidence' }
  | { code: 'NoDuration' }
  | { code: 'ServicesOnly' };

/** The result of "Check and assemble". */
export interface StatementCheck {
  kind: StatementKind;
  /** Missing or over-long parts: the statement cannot be copied or scaled until they are fixed. */
  blocking: StatementProblem[];
  /** Things worth another look that do not stop the statement being used. */
  flags: StatementProblem[];
  /** True when nothing is blocking. */
  complete: boolean;
  /** The statement in plain English with any gaps marked; '' when nothing was typed or a part is too long. */
  draft: string;
}

/** Words for the assembled statement, from the content pack. */
import type { Wording } from '../../content/pack';

export type { Wording };

/** A statement with every part blank, overlaid with the parts given (undefined counts as blank). */
export function emptyParts(given: Partial<StatementParts> = {}): StatementParts {
  const parts = {} as StatementParts;
  for (const part of ALL_PARTS) parts[part] = given[part] ?? '';
  return parts;
}

/**
 * Text from a card input, tidied: control characters go, runs of spaces and line breaks become one
 * space (a statement is one paragraph), and the invisible mark the card renderer puts into a typed
 * `${` is taken out again.
 */
export function flatText(raw: string): string {
  return raw
    .replace(/\$\u200b\{/g, '${')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that say which child: a role, an age or a count ("the baby", "the 7-year-old", "both children"). */
const CHILD_WORDS =
  /\b(child|children|kids?|baby|babies|toddler|infant|son|daughter|boy|girl|brother|sister|sibling|siblings|twins?|teenager|teen|young (person|people)|eldest|youngest|oldest|middle|unborn|year[- ]old|years? old|aged|months? old|\d+)\b/i;

/** Checks the parts of a statement and assembles the draft. Pure: the same parts always give the same answer. */
export function checkStatement(kind: StatementKind, given: StatementParts, say: Wording): StatementCheck {
  const parts = STATEMENT_PARTS[kind];
  const text = Object.fromEntries(parts.map((p) => [p, flatText(given[p])])) as Record<PartId, string>;
  const blocking: StatementProblem[] = [];
  const flags: StatementProblem[] = [];

  for (const part of parts) {
    const length = text[part].length;
    if (length > PART_MAX_CHARS) blocking.push({ code: 'TooLong', part, length, max: PART_MAX_CHARS });
  }
  const missing = REQUIRED_PARTS[kind].filter((p) => text[p] === '');
  if (missing.length > 0) blocking.push({ code: 'Missing', parts: missing });

  if (kind === 'danger-statement' && text.worry) {
    const words = text.worry.split(' ').length;
    if (looksLikeLabel(text.worry)) flags.push({ code: 'LooksLikeLabel', part: 'worry' });
    else if (words < MIN_WORRY_WORDS) flags.push({ code: 'TooShort', part: 'worry' });
  }
  if (kind === 'danger-statement' && text.children && !CHILD_WORDS.test(text.children)) flags.push({ code: 'NoChild' });
  // A danger statement rests on what has already happened, not a general fear or a label.
  if (kind === 'danger-statement' && text.because && !givesEvidence(stripLead(text.because, /^because( of)?\s+/i))) {
    flags.push({ code: 'NoEvidence' });
  }
  if (kind === 'safety-goal') {
    if (text.duration && !saysHowLong(text.duration)) flags.push({ code: 'NoDuration' });
    if (text.parents && mentionsServices(text.parents)) flags.push({ code: 'ServicesOnly' });
  }

  const anything = parts.some((p) => text[p] !== '');
  const tooLong = blocking.some((p) => p.code === 'TooLong');
  return {
    kind,
    blocking,
    flags,
    complete: blocking.length === 0,
    draft: anything && !tooLong ? assembleStatement(kind, text, say) : '',
  };
}

/**
 * Puts the parts together as one plain-English paragraph, marking any missing required part with its
 * name in brackets. A danger statement reads: (safety already shown) who is worried that (behaviour).
 * We are worried for (which child). If nothing changes, we are worried that (impact). We say this
 * because (past harm and complicating factors). (Disagreement.) A goal reads: we will know things
 * are safe enough when (parents). (Child.) (Professionals.) All of this for (duration).
 */
export function assembleStatement(kind: StatementKind, given: StatementParts, say: Wording): string {
  const t = (p: PartId) => flatText(given[p]);
  const gap = (p: PartId) => say('builder-draft-gap', { part: say(`builder-part-${p}`) });
  const sentences: string[] = [];

  if (kind === 'danger-statement') {
    if (t('safety')) sentences.push(say('builder-draft-safety', { safety: continuing(t('safety')) }));
    const who = t('who') ? capitalise(t('who')) : capitalise(gap('who'));
    const worry = t('worry');
    const clause = worry ? worryClause(worry, say) : say('builder-draft-that', { text: gap('worry') });
    const key = !t('who') || soundsPlural(who) ? 'builder-draft-worry-many' : 'builder-draft-worry-one';
    sentences.push(say(key, { who, clause }));
    const children = t('children') ? continuing(stripLead(t('children'), /^(for|about)\s+/i)) : gap('children');
    sentences.push(say('builder-draft-children', { children }));
    const impact = t('impact') ? continuing(stripLead(t('impact'), /^that\s+/i)) : gap('impact');
    sentences.push(say('builder-draft-impact', { impact }));
    const because = t('because') ? continuing(stripLead(t('because'), /^because\s+/i)) : gap('because');
    sentences.push(say('builder-draft-because', { because }));
    if (t('disagreement')) sentences.push(capitalise(t('disagreement')));
  } else {
    sentences.push(
      say('builder-draft-goal', {
        parents: t('parents') ? continuing(stripLead(t('parents'), /^when\s+/i)) : gap('parents'),
      }),
    );
    sentences.push(t('child') ? capitalise(t('child')) : capitalise(gap('child')));
    sentences.push(t('professionals') ? capitalise(t('professionals')) : capitalise(gap('professionals')));
    sentences.push(
      say('builder-draft-goal-duration', {
        duration: t('duration') ? durationPhrase(t('duration'), say) : gap('duration'),
      }),
    );
  }
  return sentences.map(endSentence).join(' ');
}

/** "who is worried" takes "are" for more than one person or agency ("the school and the GP", "children's services"). */
export function soundsPlural(who: string): boolean {
  const w = who.toLowerCase().replace(/[.!?]+$/, '');
  if (/\band\b|&|,|\/|\+/.test(w)) return true;
  if (/^(we|they|both|all|many|several|some)\b/.test(w)) return true;
  const last = w.split(' ').pop() ?? '';
  if (
    /^(children|people|police|staff|professionals|agencies|services|parents|carers|family members|teachers)$/.test(last)
  )
    return true;
  return /[^s'’]s$/.test(last) && !/(ss|us|is)$/.test(last);
}

/** The worry after "worried": kept if it already starts "that…" or "about…"; else "about" a label, "that" a description. */
function worryClause(worry: string, say: Wording): string {
  const trimmed = stripLead(worry, /^((we|they|i|he|she)\s+(are|is|am|'re|’re)\s+)?worried\s+/i);
  if (/^(that|about)\s/i.test(trimmed)) return continuing(trimmed);
  // A label reads as a topic ("worried about neglect"); a description reads as a clause ("worried that…").
  if (looksLikeLabel(trimmed)) return say('builder-draft-about', { text: asTopic(trimmed) });
  return say('builder-draft-that', { text: continuing(trimmed) });
}

/** "six months" -> "for six months"; "until the review" and "for a year" are kept as they are. */
function durationPhrase(duration: string, say: Wording): string {
  const d = continuing(duration.replace(/[.!?]+$/, ''));
  if (/^(for|over|throughout|until|till|at least|across|during|consistently|every|from)\b/i.test(d)) return d;
  return say('builder-draft-for', { duration: d });
}

const CONTINUING_WORDS = new Set([
  'a',
  'about',
  'across',
  'after',
  'an',
  'at',
  'because',
  'before',
  'both',
  'consistently',
  'during',
  'each',
  'every',
  'for',
  'from',
  'he',
  'her',
  'his',
  'if',
  'in',
  'it',
  'last',
  'often',
  'recently',
  'several',
  'since',
  'twice',
  'on',
  'our',
  'over',
  'she',
  'sometimes',
  'that',
  'the',
  'their',
  'there',
  'they',
  'this',
  'throughout',
  'till',
  'until',
  'we',
  'when',
  'whenever',
]);

/** Text that continues a sentence: a capital on a common opening word ("The", "When") is lowered; names and "I" stay. */
function continuing(text: string): string {
  const first = text.split(' ')[0] ?? '';
  return CONTINUING_WORDS.has(first.toLowerCase()) && first !== first.toLowerCase()
    ? first.toLowerCase() + text.slice(first.length)
    : text;
}

/** A label used as a topic ("about neglect"): its capital goes unless the word is an abbreviation ("DV"). */
function asTopic(text: string): string {
  const first = text.split(' ')[0] ?? '';
  return first === first.toUpperCase() ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripLead(text: string, lead: RegExp): string {
  const stripped = text.replace(lead, '');
  return stripped || text;
}

function endSentence(sentence: string): string {
  return /[.!?]["'”’)\]]?$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Only restates the worry ("we are worried", "of the concerns"), rather than saying what has happened. */
const RESTATED_WORRY =
  /^(?:(?:we|i|they|everyone|professionals|the school)\s+(?:are|am|is|'re|'m|feel|felt)\s+)?(?:very\s+|really\s+)?(?:worried|concerned|anxious|uneasy)\b|^(?:of\s+)?(?:the\s+|our\s+)?(?:concerns?|worries|risks?)\b\W*$/i;

/**
 * The "because" part rests on evidence: what has already happened (past harm) and the complicating
 * factors, not a label ("neglect") or the worry said again ("we are worried").
 */
export function givesEvidence(because: string): boolean {
  const t = because.trim();
  return t.split(/\s+/).length >= MIN_WORRY_WORDS && !looksLikeLabel(t) && !RESTATED_WORRY.test(t);
}
