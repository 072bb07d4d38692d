import MiniSearch, { type SearchResult } from 'minisearch';
import type { Term } from '../../content/schema';
import { Bm25, type Field } from './bm25';

/** How sure the search is: answer with the term, offer choices, or admit it does not know. */
export type SearchOutcome =
  | { kind: 'answer'; term: Term }
  | { kind: 'choices'; terms: Term[] }
  | { kind: 'none'; suggestions: Term[] };

/** Everyday words and phrases and the model's words for them, from the content pack (glossary-words.yaml). */
export interface SearchLanguage {
  synonyms: { say: string[]; means: string }[];
}

/** Where an indexed phrase came from: how much it can be trusted to name the term. */
type PhraseKind = 'name' | 'alias' | 'describes' | 'summary';

interface PhraseDoc {
  id: number;
  termId: string;
  phrase: string;
  kind: PhraseKind;
}

/** How much each kind of phrase counts: names and aliases name the term, the rest only describe it. */
const KIND_BOOST: Record<PhraseKind, number> = { name: 1.15, alias: 1, describes: 0.7, summary: 0.2 };

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const ORDINALS: Record<string, string> = { '1st': 'first', '2nd': 'second', '3rd': 'third', '4th': 'fourth' };

/** Words that carry no meaning in a glossary question; removed from both the index and the query. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'is',
  'are',
  'was',
  'what',
  'whats',
  'does',
  'do',
  'mean',
  'means',
  'meaning',
  'define',
  'definition',
  'explain',
  'tell',
  'me',
  'about',
  'please',
  'by',
  'in',
  'sofs',
  'i',
  'you',
  'we',
  'it',
  'this',
  'that',
  'to',
  'and',
  'or',
  'for',
  'on',
  'with',
  'our',
  'my',
  'difference',
  'between',
  'versus',
  'vs',
]);

/**
 * Conversational filler: words about who is asking, why and how, that never name a term. Removed from
 * questions only, and only where no term's name or alias uses the word (checked when the index is built).
 */
const FILLER_WORDS = [
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank',
  'cheers',
  'pls',
  'plz',
  'can',
  'could',
  'would',
  'should',
  'will',
  'shall',
  'may',
  'might',
  'must',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'explain',
  'explained',
  'new',
  'just',
  'started',
  'start',
  'starting',
  'keep',
  'keeps',
  'kept',
  'hearing',
  'heard',
  'hear',
  'people',
  'saying',
  'say',
  'says',
  'said',
  'talk',
  'talking',
  'talked',
  'talks',
  'mentioned',
  'mention',
  'mentions',
  'mentioning',
  'manager',
  'colleague',
  'colleagues',
  'job',
  'know',
  'knows',
  'understand',
  'understanding',
  'really',
  'actually',
  'basically',
  'exactly',
  'thing',
  'things',
  'stuff',
  'kind',
  'sort',
  'like',
  'something',
  'get',
  'got',
  'gets',
  'getting',
  'called',
  'call',
  'calls',
  'name',
  'named',
  'how',
  'why',
  'when',
  'where',
  'which',
  'who',
  'whom',
  'whose',
  'be',
  'been',
  'being',
  'have',
  'has',
  'had',
  'having',
  'if',
  'so',
  'as',
  'at',
  'from',
  'up',
  'there',
  'they',
  'their',
  'them',
  'he',
  'she',
  'his',
  'her',
  'hers',
  'him',
  'its',
  'am',
  'im',
  'ive',
  'id',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'arent',
  'cant',
  'wont',
  'lot',
  'lots',
  'quite',
  'bit',
  'sure',
  'idea',
  'any',
  'some',
  'also',
  'still',
  'even',
  'ever',
  'now',
  'today',
  'asked',
  'asking',
  'ask',
  'told',
  'wondering',
  'wonder',
  'confused',
  'unsure',
  'read',
  'saw',
  'seen',
  'see',
  'mine',
  'your',
  'yours',
  'us',
  'these',
  'those',
  'were',
  'did',
  'stand',
  'stands',
  'phrase',
  'acronym',
  'abbreviation',
  'short',
  'exactly',
  'simple',
  'simply',
  'terms',
  'words',
  'please',
  'quick',
  'quickly',
  'question',
  'wanted',
  'want',
  'wanting',
  'wants',
  'need',
  'needed',
  'help',
  'helps',
  'mentioned',
  'social',
  'worker',
  'workers',
  'teacher',
  'nursery',
  'role',
  'again',
  'here',
  'then',
  'than',
  'into',
  'over',
  'under',
  'very',
  'much',
  'many',
  'more',
  'most',
  'way',
  'ways',
  'supposed',
  'meant',
  'apparently',
  'heres',
  'theres',
  'everyone',
  'everybody',
  'bot',
  'youre',
  'theyre',
  'mention',
  'chat',
  'meeting',
  'meetings',
  'attend',
  'attending',
  'invited',
  'going',
  'go',
  'goes',
  'went',
  'come',
  'coming',
  'came',
  'used',
  'use',
  'using',
  'uses',
  'does',
  'doing',
  'done',
  'make',
  'makes',
  'made',
  'find',
  'found',
  'look',
  'looks',
  'looking',
  'show',
  'put',
  'write',
  'writing',
  'wrote',
  'written',
  'an',
  'what',
  'whats',
  'is',
  'are',
  'was',
  'do',
  'mean',
  'means',
  'meaning',
  'definition',
  'define',
  'term',
  'word',
  'letter',
  'email',
  'form',
  'paperwork',
  'notes',
  'case',
  'cases',
  'file',
  'week',
  'weeks',
  'day',
  'yesterday',
  'tomorrow',
  'different',
  'difference',
  'same',
  'similar',
  'vs',
  'versus',
  'compared',
  'compare',
  'sw',
  'nqsw',
  'newly',
  'qualified',
  'expected',
  'responsible',
  'visit',
  'visits',
  'visiting',
  'post',
  'exactly',
  // who is asking, when, and how they feel about asking
  'sorry',
  'bother',
  'bothering',
  'silly',
  'stupid',
  'dumb',
  'embarrassed',
  'embarrassing',
  'nervous',
  'worried',
  'clue',
  'honest',
  'honestly',
  'literally',
  'totally',
  'leader',
  'supervisor',
  'mentor',
  'educator',
  'student',
  'trainee',
  'induction',
  'placement',
  'senior',
  'boss',
  'morning',
  'afternoon',
  'evening',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'weekend',
  'starts',
  'soon',
  'later',
  'earlier',
  'last',
  'next',
  'this',
  'hoping',
  'hope',
  'wondered',
  'thought',
  'think',
  'remind',
  'reminder',
  'forgot',
  'forgotten',
  'remember',
  'plain',
  'english',
  'properly',
  'briefly',
  'summary',
];

/** Every filler word, including those some name uses ("going" in "going to court"): none is a sign on its own. */
const FILLER = new Set(FILLER_WORDS);

/**
 * Filler words about the asker's role and setting that some names also use ("social worker" and "social
 * work assessment", "my case" and "case supervision"): dropped from a question unless such a name is in it.
 * Not "meeting" or "need": a name typed with a typo ("family netowrk meeting") must keep them.
 */
const CONTEXT_WORDS = new Set(['social', 'worker', 'case', 'im', 'letter', 'placement']);

/**
 * Phrases about the asker and what happens next ("my manager wants me to", "how long does it last"):
 * removed from questions only, before their words are matched. Normalised form (no apostrophes).
 */
const FILLER_PHRASES: RegExp[] = [
  /(?:\b(?:im|i am|i work as)|^as) (?:a|an|the|their|his|her) (?:new |newly qualified |newish |student )?(?:family support worker|foster carer|foster parent|social worker|sw|teacher|class teacher|head teacher|health visitor|school nurse|designated teacher|youth worker|nursery worker)\b/g,
  /\b(?:im|i am) (?:a |an )?(?:newly qualified|nq|new|newish)\b/g,
  // Someone in a role who spoke is who told the asker, not what they ask about ("the DSL mentioned a ...").
  /(?:^|\b(?:the|my|our|their|his|her|a) )(?:dsl|designated safeguarding lead|iro|independent reviewing officer|lado|practice lead|lead practitioner|key worker|lead worker|conference chair|chair) (?:mentioned|said|says|told me|told us|asked me|asked us|keeps saying|wants me|wants us)\b/g,
  /\b(?:ive|i have) (?:just )?been (?:told|asked|made|invited) to\b/g,
  /\bmy (?:team |line |practice )?(?:manager|supervisor|boss|senior|leader) (?:wants|asked|has asked|keeps asking|told|says|said)(?: me)?(?: to)?\b/g,
  // A manager or leader of any kind is a person in the office, never a glossary term ("who is my line manager").
  /\b(?:line|team|service|practice|deputy|duty|senior|area|office|assistant|group) (?:manager|managers|leader|leaders|supervisor|supervisors)\b/g,
  /\bwhat happens (?:next|now|then|after(?:wards)?)\b/g,
  /\bhow long (?:does|do|can|will|would) (?:it|that|this|they|one) (?:last|take|go on)\b/g,
  /\bwho runs (?:it|them|that|one)\b/g,
  /\bwhere do i (?:start|begin)\b/g,
  /\bhow do i go about (?:it|that|this)\b/g,
  /\bwhat (?:does|would|will) (?:that|this|it) look like in practice\b/g,
  /\bwhat (?:am i|are we|will i be) (?:responsible|expected) for\b/g,
  /\bwhat (?:is|will be) (?:my|our) role\b/g,
  /\bwhat will be expected of (?:me|us)\b/g,
];

/** Question wrappers stripped before searching ("what does X mean?" -> "X"). */
const WRAPPERS: RegExp[] = [
  /^(?:can you |could you |please )?(?:tell me about|explain|define|describe)\s+/,
  /^what(?:'s| is| are| was| does| do)?\s+(?:the\s+)?(?:meaning of|definition of)\s+/,
  /^what(?:'s| is| are)\s+(?:an?\s+|the\s+)?/,
  /^what does\s+/,
  /^(?:meaning|definition) of\s+/,
  /^who (?:is|are)\s+(?:an?\s+|the\s+)?/,
  /\s+(?:mean|means|stand for|stands for)$/,
  /\s+(?:in signs of safety|in sofs)$/,
];

/**
 * Lower case, straight apostrophes, digits 0-10 as words ("3 houses" = "three houses"), punctuation
 * as spaces. The same on both sides, so the index and the question meet in the middle.
 */
export function normaliseQuery(text: string): string {
  const known = normalised.get(text);
  if (known !== undefined) return known;
  const q = normaliseOnce(text);
  if (normalised.size >= NORMALISED_KEPT) normalised.delete(normalised.keys().next().value as string);
  normalised.set(text, q);
  return q;
}

/** One search normalises the same text several times over: the last few hundred are remembered. */
const normalised = new Map<string, string>();
const NORMALISED_KEPT = 500;

function normaliseOnce(text: string): string {
  let q = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b`]/g, "'")
    .replace(/[?!.,;:"()[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const wrapper of WRAPPERS) q = q.replace(wrapper, '').trim();
  q = q.replace(/^(?:a|an|the)\s+/, '');
  return q
    .replace(/'s\b/g, 's')
    .replace(/'/g, '')
    .replace(/(\d)\s*x\s*(?=\d)/g, '$1x')
    .replace(/\b(10|[0-9])\b/g, (d) => NUMBER_WORDS[Number(d)] ?? d)
    .replace(/\b(1st|2nd|3rd|4th)\b/g, (o) => ORDINALS[o] ?? o)
    .replace(/[-/&+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A light suffix stripper: "meetings" = "meeting" = "meet", "worried" = "worry", "planning" = "plan",
 * "scaling" = "scale". Short words, numbers and abbreviations are left alone. Used to bridge a question's
 * word to the index's word with the same stem; typos are left to the fuzzy match on the real words.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 4 || /\d/.test(w)) return w;
  if (w.endsWith('ies') || w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (/(ss|sh|ch|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ed')) w = w.slice(0, -2);
  if (/([b-df-hj-km-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  // Word families: "curiosity" = "curious", "protection" = "protective" = "protect", "observer" = "observe".
  if (w.endsWith('osity')) w = `${w.slice(0, -5)}ous`;
  if (w.length > 7 && w.endsWith('ation')) w = w.slice(0, -5);
  else if (w.length > 6 && /(ion|ive|ous)$/.test(w)) w = w.slice(0, -3);
  else if (w.length > 6 && /(er|ly)$/.test(w)) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * Everyday content words: they may help a description match, but cannot make one on their own
 * ("what life is like for the child" is no question about the child's experience at the centre).
 */
const COMMON_WORDS = new Set([
  'social',
  'worker',
  'child',
  'children',
  'life',
  'like',
  'live',
  'lived',
  'parents',
  'parent',
  'relative',
  'family',
  'families',
  'people',
  'person',
  'work',
  'home',
  'school',
  'time',
  'times',
  'day',
  'stuff',
  'thing',
  'things',
  'happen',
  'happened',
  'happens',
  'next',
  'now',
  'first',
  'before',
  'after',
  'plan',
  'meeting',
  'good',
  'well',
  'help',
  'support',
  'what',
  'who',
  'keep',
  'need',
  'needs',
  // function words some name keeps ("child at the centre", "I'm worried about a child")
  'at',
  'im',
  'will',
  'not',
  'no',
  'all',
  'out',
  'off',
  'one',
  'old',
  'year',
  'years',
  // numbers: "four" alone is a child's age or a count, not the 4x4x4 model or the four mapping questions
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
]);

function tokens(text: string, drop: ReadonlySet<string> = STOP_WORDS): string[] {
  return text.split(' ').filter((t) => t.length > 0 && !STOP_WORDS.has(t) && !drop.has(t));
}

/** Edits allowed per word: none for short words (CIN, s47), one for 4-letter words, two beyond (a swap is two). */
/** Index words this long or shorter (abbreviations) match only exactly, never by typo or prefix. */
const SHORT_FORM = 3;

function editsFor(word: string): number {
  if (word.length <= 3) return 0;
  if (word.length === 4) return 1;
  return 2;
}

/** "Child in need (CIN)" -> ["Child in need", "CIN"]: the name and its bracketed short form are both ways in. */
function namePhrases(name: string): string[] {
  const match = name.match(/^(.*?)\s*\(([^)]+)\)\s*$/);
  return match ? [match[1] ?? name, match[2] ?? ''].filter(Boolean) : [name];
}

/**
 * One-word names or aliases too common to name a term inside a longer question ("harm", "supervision");
 * other one-word names ("genogram", "drift") and abbreviations ("cp", "pep", "s47") do.
 */
const EVERYDAY_WORDS = new Set([
  'harm',
  'danger',
  'map',
  'maps',
  'scale',
  'scales',
  'plan',
  'care',
  'safe',
  'risk',
  'worry',
  'worries',
  'goal',
  'order',
  'strengths',
  'resources',
  'severity',
  'impact',
  'complications',
  'exceptions',
  'curiosity',
  'positives',
  'supervision',
  'strategy',
  'proceedings',
  'accommodated',
  'judgement',
  'scaling',
  'mapping',
  'fairies',
  'wizards',
  'drifting',
  'grooming',
  'score',
  'network',
  'curious',
  'sos',
  'kolb',
]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Bounded edit distance (insert, delete, substitute), enough to tell a typo from a different word. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (b.length + 1 > editRows[0].length) editRows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  // Two rows of the table, reused: this runs for many word pairs per question.
  let [prev, row] = editRows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1),
      );
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return false;
    [prev, row] = [row, prev];
  }
  return (prev[b.length] as number) <= max;
}

let editRows: [Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32)];

/**
 * Where a phrase's words sit in the question: whether they are together, and how many are exact. A word
 * the question uses twice ("the child ... child protection plan") is tried at each place the phrase could stand.
 */
function locate(phrase: string[], words: string[]): { together: boolean; exact: number; at: number[] } {
  const first = locateFrom(phrase, words);
  if (first.together || first.at.length === 0 || phrase.length < 2) return first;
  let best = first;
  for (let start = 0; start + phrase.length <= words.length; start++) {
    const found = locateFrom(phrase, words, start, start + phrase.length);
    if (found.together && (!best.together || found.exact > best.exact)) best = found;
  }
  return best;
}

/** The phrase's words in the question, looking only at words from..to (a window where the phrase could stand). */
function locateFrom(
  phrase: string[],
  words: string[],
  from = 0,
  to = words.length,
): { together: boolean; exact: number; at: number[] } {
  const used = new Set<number>();
  let exact = 0;
  const open = (i: number) => i >= from && i < to && !used.has(i);
  for (const p of phrase) {
    let at = words.findIndex((w, i) => open(i) && w === p);
    if (at >= 0) exact++;
    else
      at = words.findIndex((w, i) => open(i) && (withinEdits(w, p, editsFor(w)) || (w.length >= 4 && p.startsWith(w))));
    if (at < 0) return { together: false, exact, at: [] };
    used.add(at);
  }
  const at = [...used];
  // Together means side by side, in either order ("plan for safety" once "for" has gone).
  return { together: Math.max(...at) - Math.min(...at) + 1 <= phrase.length, exact, at };
}

/** A name or alias found whole in the question, and how strongly it names its term. */
interface WholePhrase {
  tokens: string[];
  /** Which of the question's words it used. */
  at: number[];
  /** 2: exact and either several words or a one-word name that is no everyday word; 1: weaker. */
  strength: number;
}

/** 1 when a phrase stands in the question in its own word order ("group supervision", not "supervision case"). */
function inOrder(whole: WholePhrase): number {
  return whole.at.every((at, i) => i === 0 || at > (whole.at[i - 1] as number)) ? 1 : 0;
}

/** One term's best matches: its score, share of query words used, and how whole its best name or alias is. */
export interface Candidate {
  term: Term;
  score: number;
  /** Share of the query's words matched by this term's names, aliases and descriptions. */
  queryCoverage: number;
  /** Share of the best name or alias found in the query: 1 means the whole phrase is there. */
  phraseCoverage: number;
  phraseWords: number;
  /** Share of that best name or alias's words typed exactly (not by typo or prefix allowance). */
  exactShare: number;
  /** The strongest name or alias found whole (words together, typos allowed), if any. */
  whole?: WholePhrase;
  /** Share of the best "describes" phrase found in the question, how many of its words matched, and its words. */
  describesCoverage: number;
  describesMatched: number;
  /** How many of the matched description words are no everyday word (COMMON_WORDS). */
  describesSpecific: number;
  describesTokens: string[];
  /**
   * The question's words this term's phrases hold as typed (or by stem), that are no everyday word. A
   * typo allowance alone ("france" for "stance", "weather" for "whether") is no sign of what was asked.
   */
  solid: number;
}

/** A description is matched enough to answer on when its words that are not everyday are there: two, or all it has. */
function specificEnough(c: Candidate): boolean {
  const own = c.describesTokens.filter((t) => !COMMON_WORDS.has(t)).length;
  return own >= 1 && c.describesSpecific >= Math.min(2, own);
}

/** The entry ranker's view of one term: its score, how many of the question's words it holds, how many not everyday. */
export interface Entry {
  term: Term;
  score: number;
  hits: number;
  specific: number;
  /** Its score as a share of what all the question's words could score (for reading, not deciding). */
  share: number;
}

/** Everyday words as stems: the entry ranker too needs two other words to answer on. */
const COMMON_STEMS = new Set([...COMMON_WORDS].map(stem));

/** How the phrase matcher reached its answer: a name found whole (the default), a description, or a likeness. */
type Ruled = SearchOutcome & { via?: 'describes' | 'likeness' };

/**
 * The entry ranker (bm25.ts) is sure of a term when it scores this much, on this many of the question's
 * words, with the second term at most this share of its score; or on one word fewer with the second far
 * behind. Calibrated on the four tuning sets: the out-of-scope questions there score below 10 or on fewer
 * words ("annual leave" 9.4 on four, "child arrangements order" 10.0 on three).
 */
const SURE_SCORE = 10;
const SURE_HITS = 4;
const SURE_RATIO = 0.75;
const CLEAR_RATIO = 0.4;
/** When the phrase matcher's best candidate is the entry ranker's too, a closer second is allowed. */
const AGREE_RATIO = 0.9;
/** Below this the entry ranker's best term is no better than a guess and is not added to the choices. */
const OFFER_SCORE = 8;
/** A name of another term this strong in the question stops the entry ranker answering on its own. */
const NAMED_STRENGTH = 2;

/** "What is it / that / this" pointing back at the words just before it; "what is X" pointing forward. */
const BACK_FRAME = /\b(?:(?:what|who) (?:is|are|was|does|do|did)|whats|whos) (?:that|it|this|they|those|these|one)\b/;
// Also the asking words inside a sentence: "she asked me what a special guardianship order is".
const FORWARD_FRAME = /\b(?:(?:what|who)(?: is| are| was|s| does| do)(?: an?| the)?|what (?:an?|the))\b/g;
/** A question asking for the name of something it describes ("is there a word for ...", "the tool where ..."). */
const NAMING_FRAME =
  /\b(?:what (?:do|would|did|should) (?:you|we|they|people|i) call|(?:what|whats) (?:is )?(?:it|that|this|they|those) called|is there (?:a|an) (?:name|word|term|phrase)|(?:what|whats) (?:is )?the (?:name|word|term|phrase)|(?:^|\bthe )(?:thing|bit|part|tool|meeting|question|questions|one|person|plan|diagram|drawing|column|order|document|list|story|stage|step|process|exercise|activity|picture|chart)(?: of the map| on the map)? (?:where|when|that|with|we|you|who|for))\b/;
/** The thing a question asks about, at its end: "what goes in the plan", "who chairs the meeting". */
const ASKED_HEAD =
  /\b(?:in|into|on|of|for|at|from|about|to|chairs?|runs?|writes?) (?:the|this|that|their|our|his|her) (plan|meeting|order|conference|review|statement|assessment)s?\b(?=[^a-z]*$|\W+(?:for|about|and|or)?\s*\w{0,12}\W*$)/g;
/** Words that rule out what follows them. */
const NEGATION = /\s(?:not|isnt|arent|wasnt|werent|never|rather than|instead of|other than|apart from)\s+/;

/**
 * The thing a description is about, before a name that only says whom it is for: "the independent PERSON who
 * chairs the meetings about a child in care", "the six monthly MEETING to check how a child in care is doing".
 */
const SETTING_HEAD =
  '(meeting|meetings|review|reviews|person|people|officer|worker|chair|plan|plans|school|targets|report)';
/** Words tying a name to that thing as whom it is for: "for a", "about the", "how a", "one of our". */
const SETTING_LINK =
  '(?:for|about|of|with|on|how|check|checks|when|whether)(?:\\s+(?:how|whether|when|if))?(?:\\s+(?:a|an|the|our|my|their|his|her|one of (?:our|my|the|their)))?';
/** Words saying the name is what was talked about ("talked about bottom lines"): then it is the question. */
const TOPIC_WORDS =
  /\b(?:talk|talks|talked|talking|hear|hearing|heard|said|say|says|asked|ask|mentioned|think|thinking|told|tell|read|letter|email|emails)\b/;

/** Kinds of thing the glossary names ("care order", "review conference"): another of the kind is another thing. */
const KIND_HEADS = new Set(['order', 'orders', 'conference', 'officer', 'proceedings', 'assessment', 'review']);
/** Most meaningful words in a question that is only the name of a thing of such a kind. */
const KIND_QUESTION_WORDS = 4;

/** What the entry ranker needs to answer a question that says it is asking for a name. */
const NAMING_SCORE = 8;
const NAMING_RATIO = 0.8;

/** How many words before a backward frame can hold the name it points at. */
const FOCUS_WORDS = 4;

/** An everyday word or phrase and the model's words for it, ready to swap in. */
interface Synonym {
  say: string;
  /** The phrase's first word: a question without it as a word cannot hold the phrase. */
  first: string;
  pattern: RegExp;
  means: string;
}

/** Synonyms in the order they are tried, and by first word, so a question only looks at those it could hold. */
interface SynonymList {
  list: Synonym[];
  byFirst: Map<string, number[]>;
}

function synonymList(list: Synonym[]): SynonymList {
  const byFirst = new Map<string, number[]>();
  list.forEach((s, i) => {
    byFirst.set(s.first, [...(byFirst.get(s.first) ?? []), i]);
  });
  return { list, byFirst };
}

/**
 * Swaps each synonym in turn (longest first, so one swap can feed the next). Only synonyms whose first
 * word is a word of the question are tried, in list order; after a swap the question's words are read again.
 */
function swapAll(text: string, synonyms: SynonymList): string {
  let q = text;
  let from = 0;
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (const w of q.split(' ')) {
      for (const i of synonyms.byFirst.get(w) ?? []) if (i >= from && i < next) next = i;
    }
    const synonym = synonyms.list[next];
    if (!synonym) return q;
    from = next + 1;
    if (q.includes(synonym.say)) q = q.replace(synonym.pattern, `$1${synonym.means}`);
  }
}

/** How many of the items pass the test, without building the filtered list. */
function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  for (const item of items) if (test(item)) n++;
  return n;
}

/** Texts whose prepared form, words or typed words are kept, oldest dropped first. */
const TEXTS_KEPT = 2000;

/** The value kept for `key`, or `make()` kept from now on (the oldest dropped beyond TEXTS_KEPT). */
function remember<T>(kept: Map<string, T>, key: string, make: () => T): T {
  const known = kept.get(key);
  if (known !== undefined) return known;
  const value = make();
  if (kept.size >= TEXTS_KEPT) kept.delete(kept.keys().next().value as string);
  kept.set(key, value);
  return value;
}

/** Question words whose index matches are kept, oldest dropped first. */
const WORDS_KEPT = 5000;

/** Recent search outcomes kept, oldest dropped first. */
const RECENT_QUERIES = 500;

export interface SearchOptions {
  /** Most choices to offer in "did you mean". */
  maxChoices?: number;
}

/**
 * Glossary search. Names and aliases name a term; "describes" phrases (how people talk about it) count
 * less; summaries only help find choices to offer, never an answer. Questions lose conversational filler,
 * words are bridged by their stems and everyday words become the model's words (the pack's synonym
 * list). Exact phrase hits win; then MiniSearch with typo tolerance and prefixes; then a confidence rule
 * decides answer, choices or none: a wrong definition is worse than a question back.
 */
export class GlossarySearch {
  private readonly index: MiniSearch<PhraseDoc>;
  /** Summaries apart: searched only for choices, and kept out of the main index to keep it small and fast. */
  private readonly summaryIndex: MiniSearch<PhraseDoc>;
  private readonly byId = new Map<string, Term>();
  private readonly exact = new Map<string, string>();
  private readonly docs: PhraseDoc[] = [];
  private readonly docTokens: string[][] = [];
  /** Docs that are one word as written ("cp", "s47"), not phrases that lost words to the stop list. */
  private readonly oneWord = new Set<number>();
  private readonly recent = new Map<string, SearchOutcome>();
  /** One search reads the same text several times over (prepare, words, typed words): each worked out once. */
  private readonly prepared = new Map<string, string>();
  private readonly wordsOf = new Map<string, string[]>();
  private readonly typedOf = new Map<string, ReadonlySet<string>>();
  private readonly filler: Set<string>;
  /** Each term's names and aliases as the index reads them (prepared, small words kept). */
  private readonly namesOf = new Map<string, string[]>();
  /** Filler words that some names use ("social" in "social work assessment"), with those names. */
  private readonly fillerInNames = new Map<string, string[]>();
  private readonly synonyms: Synonym[];
  /** Word-for-word synonyms only ("kids" -> "child"): what the person typed, before phrases were swapped in. */
  private readonly wordSynonyms: Synonym[];
  private readonly synonymLists: { all: SynonymList; words: SynonymList };
  /** Words the names, aliases and descriptions use, and each one's stem: "worried" finds "worry". */
  private readonly vocabulary = new Set<string>();
  private readonly byStem = new Map<string, string>();
  /** Each question word's matches in the index, worked out once (searchAny). */
  private readonly hitsByWord = new Map<string, SearchResult[]>();
  /** The second ranker: every word of each term's entry, by stem (bm25.ts). */
  private readonly bm25: Bm25;

  constructor(
    readonly terms: Term[],
    language: SearchLanguage = { synonyms: [] },
  ) {
    const options = {
      fields: ['phrase'],
      storeFields: ['termId', 'kind'],
      processTerm: (term: string) => {
        const t = term.toLowerCase();
        return STOP_WORDS.has(t) ? null : t;
      },
      tokenize: (text: string) => text.split(' '),
    };
    this.index = new MiniSearch<PhraseDoc>(options);
    this.summaryIndex = new MiniSearch<PhraseDoc>(options);
    this.synonyms = language.synonyms
      .flatMap((s) => s.say.map((say) => ({ say: normaliseQuery(say), means: normaliseQuery(s.means) })))
      .filter((s) => s.say.length > 0)
      .sort((a, b) => b.say.length - a.say.length)
      .map((s) => ({
        say: s.say,
        first: s.say.split(' ')[0] ?? s.say,
        pattern: new RegExp(`(^|\\s)${escapeRegExp(s.say)}(?=\\s|$)`, 'g'),
        means: s.means,
      }));
    this.wordSynonyms = this.synonyms.filter((s) => !s.means.includes(' ') && !s.pattern.source.includes(' '));
    this.synonymLists = { all: synonymList(this.synonyms), words: synonymList(this.wordSynonyms) };
    // A filler word that some term's name or alias uses is a real word for the glossary, but only where
    // that name stands in the question ("social work assessment", not "the social worker said").
    const nameWords = new Set<string>();
    for (const term of terms) {
      for (const phrase of [...namePhrases(term.term), ...term.aliases]) {
        const normal = this.prepare(phrase);
        for (const w of normal.split(' ')) {
          nameWords.add(w);
          if (CONTEXT_WORDS.has(w) && normal.includes(' '))
            this.fillerInNames.set(w, [...(this.fillerInNames.get(w) ?? []), normal]);
        }
      }
    }
    this.filler = new Set(FILLER_WORDS.filter((w) => !nameWords.has(w)));
    // A one-word name ("supervision", "meeting" is none) keeps its word everywhere.
    for (const term of terms)
      for (const phrase of [...namePhrases(term.term), ...term.aliases]) {
        const normal = this.prepare(phrase);
        if (!normal.includes(' ')) this.fillerInNames.delete(normal);
      }

    const add = (termId: string, phrase: string, kind: PhraseKind) => {
      const named = kind === 'name' || kind === 'alias';
      // Names keep every word; descriptions and summaries lose filler, as questions do.
      const normal = named ? this.prepare(phrase) : tokens(this.prepare(phrase), this.filler).join(' ');
      if (!normal) return;
      const doc: PhraseDoc = { id: this.docs.length, termId, phrase: normal, kind };
      this.docs.push(doc);
      this.docTokens.push(tokens(normal));
      if (!normal.includes(' ')) this.oneWord.add(doc.id);
      if (kind !== 'summary') {
        for (const w of tokens(normal)) {
          this.vocabulary.add(w);
          if (!this.byStem.has(stem(w))) this.byStem.set(stem(w), w);
        }
      }
      if (named) {
        for (const key of [normaliseQuery(phrase), normal, tokens(normal).join(' ')])
          if (key && !this.exact.has(key)) this.exact.set(key, termId);
      }
    };
    for (const term of terms) {
      this.byId.set(term.id, term);
      const names = namePhrases(term.term);
      for (const [i, phrase] of [...names, ...term.aliases].entries()) add(term.id, phrase, i === 0 ? 'name' : 'alias');
      this.namesOf.set(
        term.id,
        [...names, ...term.aliases].map((p) => this.prepare(p)),
      );
      for (const phrase of term.describes ?? []) add(term.id, phrase, 'describes');
      // Summaries, details and examples only ever suggest choices.
      add(term.id, term.summary, 'summary');
      add(term.id, term.detail, 'summary');
      add(term.id, term.example, 'summary');
    }
    // A phrase that is mostly stop words ("who do I tell") is matched exactly, not word by word.
    this.index.addAll(
      this.docs.filter(
        (d) => d.kind !== 'summary' && (this.docTokens[d.id]?.length ?? 0) * 2 >= d.phrase.split(' ').length,
      ),
    );
    this.summaryIndex.addAll(this.docs.filter((d) => d.kind === 'summary'));
    const stems = (text: string) => tokens(this.prepare(text), this.filler).map(stem);
    this.bm25 = new Bm25(
      terms.map((term) => {
        const fields: { field: Field; stems: string[] }[] = [];
        for (const p of [...namePhrases(term.term), ...term.aliases]) fields.push({ field: 'name', stems: stems(p) });
        for (const p of term.describes ?? []) fields.push({ field: 'describes', stems: stems(p) });
        fields.push({ field: 'summary', stems: stems(term.summary) });
        fields.push({ field: 'detail', stems: stems(`${term.detail} ${term.example}`) });
        return fields;
      }),
    );
  }

  /** The second ranker's view of a question: terms whose entries share its word stems, best first. */
  rankEntries(query: string, words = this.words(query)): Entry[] {
    const stems = words.map(stem);
    const total = [...new Set(stems)].reduce((sum, s) => sum + this.bm25.weight(s), 0);
    return this.bm25.rank(stems).map((r) => ({
      term: this.terms[r.doc] as Term,
      score: r.score,
      hits: r.hits,
      specific: r.matched.filter((s) => !COMMON_STEMS.has(s)).length,
      share: total > 0 ? r.score / total : 0,
    }));
  }

  get(id: string): Term | undefined {
    return this.byId.get(id);
  }

  /** The question as the index sees it: normalised, everyday words swapped for the model's. */
  private prepare(query: string): string {
    return remember(this.prepared, query, () => swapAll(normaliseQuery(query), this.synonymLists.all));
  }

  /** A question without the phrases about the asker and what happens next. */
  private stripFiller(normal: string): string {
    let q = normal;
    for (const phrase of FILLER_PHRASES) q = q.replace(phrase, ' ');
    return q.replace(/\s+/g, ' ').trim();
  }

  /** The meaningful words of a question, without filler, bridged to the index's words by their stems. */
  words(query: string): string[] {
    return remember(this.wordsOf, query, () => {
      const q = this.prepare(this.stripFiller(normaliseQuery(query)));
      return this.toVocabulary(this.withoutNameFiller(tokens(q, this.filler), q));
    });
  }

  /** Filler words that names use, dropped unless one of those names stands in the question. */
  private withoutNameFiller(words: string[], question: string): string[] {
    const padded = ` ${question} `;
    return words.filter((w) => {
      const names = this.fillerInNames.get(w);
      return !names || names.some((name) => padded.includes(` ${name} `));
    });
  }

  /** The question's words with only word-for-word synonyms: a name that appears only after a phrase swap was not typed. */
  private typedWords(query: string): ReadonlySet<string> {
    return remember(this.typedOf, query, () => {
      const q = swapAll(this.stripFiller(normaliseQuery(query)), this.synonymLists.words);
      return new Set(this.toVocabulary(this.withoutNameFiller(tokens(q, this.filler), this.prepare(q))));
    });
  }

  /** Stemming as a bridge: a word the index lacks becomes the index word with the same stem. */
  private toVocabulary(words: string[]): string[] {
    return words.map((w) => (this.vocabulary.has(w) ? w : (this.byStem.get(stem(w)) ?? w)));
  }

  /**
   * MiniSearch's OR query, one word at a time: each word's matches (typos and prefixes allowed) are worked
   * out once and kept, since the same few hundred words make up most questions. Combined as MiniSearch
   * combines them: scores added, then multiplied by the number of the query's words the phrase matched.
   */
  private searchAny(words: string[]): SearchResult[] {
    const merged = new Map<number, SearchResult>();
    // A phrase's matched terms are the kept hit's own list until another word adds one (copied then, never changed).
    const borrowed = new Set<number>();
    for (const word of words) {
      for (const hit of this.wordHits(word)) {
        const seen = merged.get(hit.id);
        if (!seen) {
          merged.set(hit.id, {
            id: hit.id,
            score: hit.score,
            terms: hit.terms,
            queryTerms: [word],
            match: hit.match,
            termId: hit.termId,
            kind: hit.kind,
          });
          borrowed.add(hit.id);
        } else {
          seen.score += hit.score;
          for (const t of hit.terms) {
            if (seen.terms.includes(t)) continue;
            if (borrowed.delete(hit.id)) seen.terms = [...seen.terms];
            seen.terms.push(t);
          }
          if (!seen.queryTerms.includes(word)) seen.queryTerms.push(word);
        }
      }
    }
    const results = [...merged.values()];
    for (const r of results) r.score *= r.queryTerms.length;
    return results.sort((a, b) => b.score - a.score);
  }

  private wordHits(word: string): SearchResult[] {
    const known = this.hitsByWord.get(word);
    if (known) return known;
    const hits = this.index
      .search(word, {
        fuzzy: (term) => editsFor(term),
        prefix: (term) => term.length >= 4,
        weights: { fuzzy: 0.6, prefix: 0.5 },
        processTerm: (t) => t,
        boostDocument: (_id, _term, stored) => KIND_BOOST[(stored?.kind as PhraseKind) ?? 'alias'],
      })
      // A short form (CLA, CIN, ICO) is matched only as typed: "claim" is two edits from "cla", and a
      // mileage claim got the children-in-care card.
      .filter((hit) => hit.terms.some((t) => t === word || t.length > SHORT_FORM));
    if (this.hitsByWord.size >= WORDS_KEPT) this.hitsByWord.delete(this.hitsByWord.keys().next().value as string);
    this.hitsByWord.set(word, hits);
    return hits;
  }

  /**
   * The terms named whole and strongly in a question, in the order they stand, each on words of its own
   * ("is a LAC review the same thing as a core group": the review, then the core group).
   */
  namedTerms(query: string): Term[] {
    const ranked = this.rankWords(this.words(query), this.typedWords(query));
    this.typedWhole(this.prepare(query), ranked);
    const named = ranked
      .filter((c): c is Candidate & { whole: WholePhrase } => c.whole?.strength === 2)
      .sort((a, b) => b.whole.tokens.length - a.whole.tokens.length);
    const used = new Set<number>();
    const kept: (Candidate & { whole: WholePhrase })[] = [];
    const words = this.words(query);
    for (const c of named) {
      // The name typed word for word, in its own order, on words no other name took: the surest place for it.
      const n = c.whole.tokens.length;
      let at = c.whole.at;
      for (let start = 0; start + n <= words.length; start++) {
        const span = Array.from({ length: n }, (_, k) => start + k);
        if (span.every((i, k) => words[i] === c.whole.tokens[k] && !used.has(i))) {
          at = span;
          break;
        }
      }
      if (at.some((i) => used.has(i))) {
        // "a care order, a supervision order": the shared word may stand again further on, for this name alone.
        const again = locate(
          c.whole.tokens,
          words.map((w, i) => (used.has(i) ? '\u0000' : w)),
        );
        if (!again.together || again.exact !== c.whole.tokens.length) continue;
        at = again.at;
      }
      for (const i of at) used.add(i);
      kept.push({ ...c, whole: { ...c.whole, at } });
    }
    return kept.sort((a, b) => Math.min(...a.whole.at) - Math.min(...b.whole.at)).map((c) => c.term);
  }

  /** Ranks terms for a query, best first, keeping each term's best-matching phrases. */
  rank(query: string): Candidate[] {
    return this.rankWords(this.words(query), this.typedWords(query));
  }

  private rankWords(words: string[], typed?: ReadonlySet<string>): Candidate[] {
    if (words.length === 0) return [];
    const asked = new Set(words);
    const results = this.searchAny(words);
    const best = new Map<string, Candidate>();
    const matchedWords = new Map<string, Set<string>>();
    const solidWords = new Map<string, Set<string>>();
    for (const r of results) {
      const termId = r.termId as string;
      const kind = r.kind as PhraseKind;
      const seen = matchedWords.get(termId) ?? new Set<string>();
      for (const w of r.queryTerms) seen.add(w);
      matchedWords.set(termId, seen);
      const solid = solidWords.get(termId) ?? new Set<string>();
      for (const w of r.queryTerms) if (!COMMON_WORDS.has(w) && !FILLER.has(w) && r.terms.includes(w)) solid.add(w);
      solidWords.set(termId, solid);
      const phraseTokens = this.docTokens[r.id] ?? [];
      const phraseWords = phraseTokens.length || 1;
      const queryCoverage = r.queryTerms.length / words.length;
      // One query word fuzzily matching two phrase words ("live" = "life" and "like") counts once.
      // (Matched index terms are distinct: MiniSearch lists each once, and searchAny merges without repeats.)
      const matched = Math.min(r.terms.length, r.queryTerms.length);
      const specific = Math.min(
        count(r.terms, (t) => !COMMON_WORDS.has(t)),
        r.queryTerms.length,
      );
      const phraseCoverage = Math.min(1, matched / phraseWords);
      // Prefer phrases found whole in the query: "safety plan" beats "safety plan review meeting".
      const score = r.score * (0.5 + 0.5 * queryCoverage) * (0.4 + 0.6 * phraseCoverage);
      const c = best.get(termId) ?? {
        term: this.byId.get(termId) as Term,
        score: 0,
        queryCoverage: 0,
        phraseCoverage: 0,
        phraseWords: 1,
        exactShare: 0,
        describesCoverage: 0,
        describesMatched: 0,
        describesSpecific: 0,
        describesTokens: [],
        solid: 0,
      };
      c.score = Math.max(c.score, score);
      if (kind === 'describes') {
        if (
          phraseCoverage > c.describesCoverage ||
          (phraseCoverage === c.describesCoverage && matched > c.describesMatched)
        ) {
          c.describesCoverage = phraseCoverage;
          c.describesMatched = matched;
          c.describesSpecific = specific;
          c.describesTokens = phraseTokens;
        }
      } else {
        const exactShare = count(phraseTokens, (t) => asked.has(t)) / phraseWords;
        if (
          phraseCoverage > c.phraseCoverage ||
          (phraseCoverage === c.phraseCoverage && phraseWords > c.phraseWords && phraseCoverage === 1)
        ) {
          c.phraseCoverage = phraseCoverage;
          c.phraseWords = phraseWords;
          c.exactShare = exactShare;
        } else if (phraseCoverage === c.phraseCoverage) c.exactShare = Math.max(c.exactShare, exactShare);
        if (phraseCoverage === 1) {
          const whole = this.wholePhrase(r.id, phraseTokens, words, typed);
          if (
            whole &&
            (!c.whole ||
              whole.strength > c.whole.strength ||
              (whole.strength === c.whole.strength && whole.tokens.length > c.whole.tokens.length))
          )
            c.whole = whole;
        }
      }
      best.set(termId, c);
    }
    // A term's coverage counts words matched by any of its phrases ("LAC and CLA" both mean one term).
    for (const candidate of best.values()) {
      candidate.queryCoverage = (matchedWords.get(candidate.term.id)?.size ?? 0) / words.length;
      candidate.solid = solidWords.get(candidate.term.id)?.size ?? 0;
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  /** A name or alias all of whose words are in the question, together; undefined if they are scattered. */
  private wholePhrase(
    docId: number,
    phrase: string[],
    words: string[],
    typed?: ReadonlySet<string>,
  ): WholePhrase | undefined {
    const found = this.wholeAt(docId, phrase, words);
    // A name that only a phrase synonym produced ("good stuff" -> "working well") is weaker than one typed.
    if (found && typed && found.strength === 2 && phrase.some((t) => !typed.has(t) && words.includes(t)))
      return { ...found, strength: 1 };
    return found;
  }

  private wholeAt(docId: number, phrase: string[], words: string[]): WholePhrase | undefined {
    const { together, exact, at } = locate(phrase, words);
    if (!together) return undefined;
    const allExact = exact === phrase.length;
    // Everyday words left of a longer phrase ("worried about a child", "child in care") name nothing strongly:
    // they are found together, in any order, in many questions about something else.
    const everyday =
      phrase.every((t) => COMMON_WORDS.has(t) || EVERYDAY_WORDS.has(t)) &&
      (this.docs[docId]?.phrase.split(' ').length ?? 0) > phrase.length;
    if (phrase.length >= 2) return { tokens: phrase, at, strength: allExact && !everyday ? 2 : exact >= 1 ? 1 : 0 };
    const [word = ''] = phrase;
    // A single word must be exact, and stand alone as written (not "who" left of "who do I tell").
    if (!this.oneWord.has(docId)) return undefined;
    if (!allExact) return words.length <= 2 ? { tokens: phrase, at, strength: 1 } : undefined;
    return { tokens: phrase, at, strength: EVERYDAY_WORDS.has(word) ? 1 : 2 };
  }

  /**
   * The question without a contained name: does what is left point to another term? Only when at least three
   * words are left that are no everyday word, and another term's name is there whole and typed exactly, or
   * its description matches in three such words (or two and three quarters of its length).
   */
  private pointsElsewhere(words: string[], named: Candidate & { whole: WholePhrase }): Candidate | undefined {
    const rest = words.filter((_, i) => !named.whole.at.includes(i));
    if (rest.filter((w) => !COMMON_WORDS.has(w)).length < 3) return undefined;
    return this.rankWords(rest).find(
      (c) =>
        c.term.id !== named.term.id &&
        (c.whole?.strength === 2 ||
          c.describesSpecific >= 3 ||
          (c.describesSpecific >= 2 && c.describesCoverage >= 0.75)),
    );
  }

  /** Terms whose summaries share most of the question's words: choices to offer, never an answer. */
  private bySummary(words: string[], limit: number): Term[] {
    if (words.length === 0) return [];
    // Long questions carry more words no text shares: a third of them is enough to offer a term.
    const need = Math.max(2, Math.ceil(words.length / (words.length >= 6 ? 3 : 2)));
    const seen = new Set<string>();
    return this.summaryIndex
      .search(words.join(' '), {
        fuzzy: (term) => (term.length >= 6 ? 1 : 0),
        combineWith: 'OR',
        processTerm: (t) => t,
      })
      .filter((r) => r.queryTerms.length >= need && !seen.has(r.termId as string) && seen.add(r.termId as string))
      .slice(0, limit)
      .map((r) => this.byId.get(r.termId as string) as Term);
  }

  /** Search-as-you-type for the compose box: prefixes from two letters, typos, best terms first. */
  suggest(query: string, limit: number): Term[] {
    const words = tokens(normaliseQuery(query));
    if (words.length === 0) return [];
    const seen = new Set<string>();
    const out: Term[] = [];
    const results = this.index.search(words.join(' '), {
      fuzzy: (term) => editsFor(term),
      prefix: (term) => term.length >= 2,
      combineWith: 'OR',
      weights: { fuzzy: 0.6, prefix: 0.8 },
      processTerm: (t) => t,
    });
    for (const r of results) {
      const id = r.termId as string;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(this.byId.get(id) as Term);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Decides what to tell the person. An answer needs a whole phrase of one term in the question
   * (typos allowed) and no rival of the same strength, or all of one term's description and no rival;
   * near misses become choices; nothing close becomes "I don't have that". A wrong definition is worse
   * than a question back.
   */
  search(query: string, options: SearchOptions = {}): SearchOutcome {
    // People ask the same few questions again and again: remember recent answers (pure function of the query).
    const cacheKey = `${options.maxChoices ?? 4}\u0000${normaliseQuery(query)}`;
    const cached = this.recent.get(cacheKey);
    if (cached) return cached;
    const outcome = this.decide(query, options);
    if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(cacheKey, outcome);
    return outcome;
  }

  private decide(query: string, options: SearchOptions): SearchOutcome {
    const normal = this.prepare(query);
    const words = this.words(query);
    const exactId =
      this.exact.get(normaliseQuery(query)) ??
      this.exact.get(normal) ??
      this.exact.get(tokens(normal).join(' ')) ??
      this.exact.get(words.join(' '));
    if (exactId) return { kind: 'answer', term: this.byId.get(exactId) as Term };
    const ranked = this.rankWords(words, this.typedWords(query));
    this.typedWhole(normal, ranked);
    const ruled = this.byRules(words, ranked, options);
    const outcome = this.askedAbout(query, this.withEntries(query, words, ranked, ruled, options), options);
    return this.otherOfKind(query, this.nameAsSetting(query, words, outcome));
  }

  /**
   * A short question naming a thing of a kind we hold (an order, a conference, an assessment ...) that none
   * of our names of that kind is ("what is a child arrangements order", "placement order"): a real gap,
   * said plainly, with the terms of that kind as the nearest we have. Never turns an answer into a gap.
   */
  private otherOfKind(query: string, outcome: SearchOutcome): SearchOutcome {
    if (outcome.kind !== 'choices') return outcome;
    const said = tokens(this.prepare(query));
    const head = said[said.length - 1];
    if (!head || said.length < 2 || said.length > KIND_QUESTION_WORDS || !KIND_HEADS.has(head)) return outcome;
    const modifiers = said.slice(0, -1).filter((w) => !COMMON_WORDS.has(w));
    if (modifiers.length === 0) return outcome;
    const near = (a: string, b: string) => a === b || stem(a) === stem(b) || withinEdits(a, b, editsFor(a));
    // Some name of that kind holds every word that sets the question's thing apart: a near miss, not a gap.
    const ofKind = this.terms.filter((t) =>
      (this.namesOf.get(t.id) ?? []).some((n) => tokens(n).slice(-1)[0] === head),
    );
    const held = ofKind.some((t) =>
      (this.namesOf.get(t.id) ?? []).some((n) => {
        const own = tokens(n);
        return own[own.length - 1] === head && modifiers.every((m) => own.some((w) => near(m, w)));
      }),
    );
    if (held) return outcome;
    const suggestions = [
      ...outcome.terms.filter((t) => ofKind.includes(t)),
      ...outcome.terms.filter((t) => !ofKind.includes(t)),
    ];
    return { kind: 'none', suggestions: suggestions.slice(0, 3) };
  }

  /**
   * A name that says only whom a described thing is for ("the independent person who chairs the meetings
   * about a child in care") is the setting, not the question: when the thing described before it (a
   * meeting, a person, a plan ...) is not what the name's term is, offer the term the rest of the question
   * points to beside it; never define the named one.
   */
  private readonly settingPatterns = new Map<string, RegExp>();

  private settingPattern(name: string): RegExp {
    return remember(
      this.settingPatterns,
      name,
      () =>
        new RegExp(
          `\\b${SETTING_HEAD}((?:\\s+[a-z]+){0,4}?)\\s+${SETTING_LINK}\\s+(?:[a-z]+\\s+)?${escapeRegExp(name)}\\b`,
        ),
    );
  }

  private nameAsSetting(query: string, words: string[], outcome: SearchOutcome): SearchOutcome {
    if (outcome.kind !== 'answer') return outcome;
    const term = outcome.term;
    const typed = normaliseQuery(query);
    // The question as typed with the names as written, and as the index sees it with the names prepared.
    const names = [...namePhrases(term.term), ...term.aliases].map(normaliseQuery);
    const readings: [string, string[]][] = [
      [typed, names],
      [this.prepare(query), this.namesOf.get(term.id) ?? []],
    ];
    for (const [q, forms] of readings) {
      // Cheap test first: most answers have no name standing after another word.
      if (!forms.some((name) => q.includes(` ${name}`))) continue;
      // Asked about by name after all ("..., what is a safety plan"): the name right after the asking words is the question.
      const asked = [...q.matchAll(FORWARD_FRAME)].pop();
      for (const name of forms) {
        if (!q.includes(name)) continue;
        const at = this.settingPattern(name).exec(q);
        if (!at || TOPIC_WORDS.test(at[2] ?? '')) continue;
        const head = at[1] as string;
        // The thing must be typed, not swapped in ("would meet" is no meeting).
        if (!new RegExp(`\\b${head}\\b`).test(typed)) continue;
        if (
          asked?.index !== undefined &&
          q
            .slice(asked.index)
            .split(' ')
            .slice(0, FOCUS_WORDS + 3)
            .join(' ')
            .includes(name)
        )
          continue;
        const headStem = stem(head);
        const own = [...names, ...(term.describes ?? [])].some((n) => n.split(' ').some((w) => stem(w) === headStem));
        if (own) return outcome;
        const nameWords = new Set(tokens(name));
        const rest = words.filter((w) => !nameWords.has(w));
        const other = this.rankEntries(query, rest).find((e) => e.term.id !== outcome.term.id);
        if (!other || other.score < OFFER_SCORE / 2) return { kind: 'choices', terms: [outcome.term] };
        // The other term is itself such a thing ("person who chairs the reviews") and the entry ranker is sure of it.
        const isHead = [...(this.namesOf.get(other.term.id) ?? []), ...(other.term.describes ?? [])].some((n) =>
          n.split(' ').some((w) => stem(w) === headStem),
        );
        if (isHead && other.specific >= 2 && other.score >= SURE_SCORE) return { kind: 'answer', term: other.term };
        return { kind: 'choices', terms: [other.term, outcome.term] };
      }
    }
    return outcome;
  }

  /**
   * A name mentioned in passing is not what is asked ("we have a meeting every term for the child in
   * care in my class, what goes in the plan"): when the question asks about "the plan / meeting /
   * order ..." and the answer's names do not say so, it offers the terms named for that thing with it.
   */
  private askedAbout(query: string, outcome: SearchOutcome, options: SearchOptions): SearchOutcome {
    if (outcome.kind !== 'answer') return outcome;
    const asked = [...normaliseQuery(query).matchAll(ASKED_HEAD)].pop()?.[1];
    if (!asked) return outcome;
    const head = this.prepare(asked);
    const named = (id: string) => (this.namesOf.get(id) ?? []).some((n) => n.split(' ').includes(head));
    if (named(outcome.term.id)) return outcome;
    const alike = this.rankEntries(query)
      .map((e) => e.term)
      .filter((t) => t.id !== outcome.term.id && (this.namesOf.get(t.id) ?? []).some((n) => n.endsWith(` ${head}`)));
    if (alike.length === 0) return outcome;
    return { kind: 'choices', terms: [...alike.slice(0, (options.maxChoices ?? 4) - 1), outcome.term] };
  }

  /**
   * A name of everyday words ("child in need plan", "worried about a child") is weak when its words are
   * found with the small words gone, but typed word for word, small words and all, it names its term
   * (when no strong name of another term is there).
   */
  private typedWhole(question: string, ranked: Candidate[]): void {
    // Only a lone name: next to a strong name of another term, an everyday one is the setting, not the question.
    if (ranked.some((c) => c.whole?.strength === 2)) return;
    const padded = ` ${question} `;
    for (const c of ranked) {
      if (c.whole?.strength !== 1 || c.whole.tokens.length < 2) continue;
      const tokens = c.whole.tokens;
      const typed = (this.namesOf.get(c.term.id) ?? []).some(
        (name) =>
          name.split(' ').length >= 3 &&
          padded.includes(` ${name} `) &&
          tokens.every((t) => name.split(' ').includes(t)),
      );
      if (typed) c.whole = { ...c.whole, strength: 2 };
    }
  }

  /** The phrase matcher's decision, and how it reached an answer (a whole name, or a description). */
  private byRules(words: string[], ranked: Candidate[], options: SearchOptions): Ruled {
    const maxChoices = options.maxChoices ?? 4;
    const top = ranked[0];
    // Nothing close: say so. Terms whose summaries share a word are listed as "the nearest I have",
    // never offered as if they might be what was meant.
    const none = (): SearchOutcome => ({ kind: 'none', suggestions: this.bySummary(words, 3) });
    if (!top) return none();

    if (top.queryCoverage >= 0.5) {
      // The query is, word for word, one phrase: answer unless another term fits as well.
      const whole = ranked.filter((c) => c.phraseCoverage === 1 && c.queryCoverage === 1 && c.exactShare >= 0.5);
      if (whole.length === 1 || (whole.length > 1 && (whole[0]?.score ?? 0) >= (whole[1]?.score ?? 0) * 1.3)) {
        return { kind: 'answer', term: (whole[0] as Candidate).term };
      }
    }

    // A name of another term in the question, outside this description, means the question is not only this.
    const namedElsewhere = (d: Candidate) =>
      ranked.some(
        (c) =>
          c !== d && c.whole && c.whole.strength >= 1 && !c.whole.tokens.every((t) => d.describesTokens.includes(t)),
      );

    // All of the way people describe one term ("meeting with family and friends to build the safety
    // plan"), taking in any name it contains ("safety plan"), with no other description as complete.
    const described = ranked.filter((c) => c.describesCoverage === 1 && c.describesMatched >= 3 && specificEnough(c));
    const nearlyDescribed = ranked.filter((c) => c.describesCoverage >= 0.75 && c.describesMatched >= 3);
    if (described.length === 1 && nearlyDescribed.length === 1) {
      const [d] = described as [Candidate];
      if (!namedElsewhere(d)) return { kind: 'answer', term: d.term, via: 'describes' };
    }

    // Whole names or aliases inside a longer question: the strongest, longest wins if every other one of
    // the same strength that it does not contain belongs to the same term; unrelated ones are a question back.
    const contained = ranked
      .filter((c): c is Candidate & { whole: WholePhrase } => c.whole !== undefined && c.whole.strength >= 1)
      .sort(
        (a, b) =>
          b.whole.strength - a.whole.strength ||
          b.whole.tokens.length - a.whole.tokens.length ||
          inOrder(b.whole) - inOrder(a.whole) ||
          b.score - a.score,
      );
    const [longest] = contained;
    if (longest) {
      // A phrase found inside the longest one may also stand elsewhere in the question on its own
      // ("an interim care order ... what does a care order give"): look for it again outside.
      for (const c of contained) {
        if (c === longest || !c.whole.at.some((i) => longest.whole.at.includes(i))) continue;
        const masked = words.map((w, i) => (longest.whole.at.includes(i) ? '\u0000' : w));
        const again = locate(c.whole.tokens, masked);
        if (again.together && again.exact === c.whole.tokens.length) c.whole = { ...c.whole, at: again.at };
      }
      const rivals = contained.filter(
        (c) =>
          c.term.id !== longest.term.id &&
          c.whole.strength === longest.whole.strength &&
          // A phrase sharing words with the longest one ("child in care" in "children ... kinship care") is no rival.
          !c.whole.at.some((i) => longest.whole.at.includes(i)),
      );
      // A weak phrase ("map") answers only if no other term covers more of the question.
      const standsOut =
        longest.whole.strength === 2 ||
        (longest.queryCoverage >= 0.5 && ranked.every((c) => c.queryCoverage <= longest.queryCoverage));
      // A longer phrase of another term covering more of the question, nearly whole, is a rival too
      // ("early help version of sofs" is mostly Signs of Wellbeing's alias, not just "early help").
      const broader = ranked.find(
        (c) =>
          c.term.id !== longest.term.id &&
          c.queryCoverage > longest.queryCoverage &&
          c.queryCoverage >= 0.75 &&
          c.phraseCoverage >= 0.6 &&
          c.phraseWords > longest.whole.tokens.length &&
          c.score > longest.score,
      );
      if (broader) return { kind: 'choices', terms: [broader.term, longest.term] };
      // Another term's description matching more of the question than this name does: ask, don't guess.
      const describedMore = ranked.find(
        (c) =>
          c.term.id !== longest.term.id &&
          c.describesMatched >= 4 &&
          c.describesMatched > longest.whole.tokens.length + 1 &&
          !c.describesTokens.some((t) => longest.whole.tokens.includes(t)),
      );
      if (describedMore) return { kind: 'choices', terms: [longest.term, describedMore.term] };
      if (rivals.length === 0 && standsOut) {
        // A name in passing: the rest of the question points to another term (its name, or its description
        // in words that are not everyday). Offer the named term first, and the other; don't define either.
        const elsewhere = this.pointsElsewhere(words, longest);
        if (elsewhere) return { kind: 'choices', terms: [longest.term, elsewhere.term] };
        return { kind: 'answer', term: longest.term };
      }
      if (rivals.length > 0)
        return { kind: 'choices', terms: [longest, ...rivals].slice(0, maxChoices).map((c) => c.term) };
    }

    // Most of the way people describe one term, with no rival as close.
    const describedMost = ranked
      .filter(
        (c) => c.describesMatched >= 3 && specificEnough(c) && c.describesCoverage >= 0.75 && c.queryCoverage >= 0.5,
      )
      .sort((a, b) => b.describesCoverage - a.describesCoverage || b.score - a.score);
    const [firstDescribed, nextDescribed] = describedMost;
    if (
      firstDescribed &&
      !namedElsewhere(firstDescribed) &&
      (!nextDescribed ||
        firstDescribed.describesCoverage > nextDescribed.describesCoverage ||
        firstDescribed.score >= nextDescribed.score * 1.5)
    ) {
      return { kind: 'answer', term: firstDescribed.term, via: 'describes' };
    }

    // Terms named whole in the question are always among the choices, first.
    const withNamed = (list: Candidate[]) => [...new Set([...contained.slice(0, 2), ...list])].slice(0, maxChoices);
    const choices = ranked
      .filter(
        (c) =>
          (c.queryCoverage >= 0.5 || c.phraseCoverage >= 0.5 || c.describesCoverage >= 0.5) &&
          c.score >= top.score * 0.45,
      )
      .slice(0, maxChoices);
    // Only one plausible term, matching most of the question and most of its own phrase.
    // At least half of that phrase must be typed as it is: "supervising social worker" is no "supervision order".
    if (choices.length === 1 && top.queryCoverage >= 2 / 3 && top.phraseCoverage >= 0.6 && top.exactShare >= 0.5) {
      return { kind: 'answer', term: top.term, via: 'likeness' };
    }
    // "Is it one of these?" only when a term is named in the question or matches half of it; weaker
    // likenesses are a real gap, said plainly, with the nearest terms listed under it.
    // Half the question matched only by typo allowances or everyday words ("what is the capital of France")
    // is no near miss: say plainly that the term is not there.
    const close = contained.length > 0 || (top.queryCoverage >= 0.5 && choices.some((c) => c.solid > 0));
    if (choices.length === 0 || top.queryCoverage < 0.34 || !close) {
      const offered = [...withNamed(choices).map((c) => c.term), ...this.bySummary(words, 3)];
      const unique = [...new Map(offered.map((t) => [t.id, t])).values()].slice(0, maxChoices);
      return close && unique.length ? { kind: 'choices', terms: unique } : { kind: 'none', suggestions: unique };
    }
    return { kind: 'choices', terms: withNamed(choices).map((c) => c.term) };
  }

  /**
   * The second ranker's word (bm25.ts), combined with the phrase matcher's: a description the phrase
   * matcher could not place is answered when the entry ranker is sure of one term and no other term is
   * named in the question; an answer from a description alone that the entry ranker does not back becomes
   * a choice of the two; and the entry ranker's best term is always among what is offered.
   */
  private withEntries(
    query: string,
    words: string[],
    ranked: Candidate[],
    ruled: Ruled,
    options: SearchOptions,
  ): SearchOutcome {
    const maxChoices = options.maxChoices ?? 4;
    const entries = this.rankEntries(query, words);
    const [first, second] = entries;
    if (!first) return ruled;
    const ratio = second ? second.score / first.score : 0;
    const named = ranked.filter((c) => c.whole && c.whole.strength >= NAMED_STRENGTH && c.term.id !== first.term.id);
    const sure =
      named.length === 0 &&
      first.specific >= 2 &&
      first.score >= SURE_SCORE &&
      ((first.hits >= SURE_HITS && ratio <= SURE_RATIO) || (first.hits >= SURE_HITS - 1 && ratio <= CLEAR_RATIO));
    const asksForName = NAMING_FRAME.test(normaliseQuery(query));
    if (ruled.kind === 'answer') {
      if (ruled.term.id === first.term.id) return { kind: 'answer', term: ruled.term };
      // A description answered on its words alone, that the entry ranker does not back: ask.
      if (ruled.via) return { kind: 'choices', terms: [ruled.term, first.term] };
      // "What do you call the plan for where a looked after child will live": the name is the setting.
      // A weak name ("the bit of the map where ...") gives way to any entry the rest of the question points to.
      const weak = ranked.find((c) => c.term.id === ruled.term.id)?.whole?.strength !== 2;
      if (asksForName && (first.score >= OFFER_SCORE || (weak && first.hits >= 2)))
        return { kind: 'choices', terms: [first.term, ruled.term] };
      // "Stuff that makes it harder but isn't the actual harm": the name is what is ruled out, not what is asked.
      if (this.negated(query, ruled.term)) return { kind: 'choices', terms: [first.term, ruled.term] };
      // One everyday word that is also a name ("score"), while the whole entry of another term takes in the
      // question's other words: the word may be meant in its everyday sense. Ask, if those other words name
      // or describe something we have; if they match nothing we have ("the score in the football"), say so.
      const lone = ranked.find((c) => c.term.id === ruled.term.id)?.whole;
      if (weak && lone?.tokens.length === 1 && first.hits >= 2 && words.length >= 2) {
        const others = words.filter((_, i) => !lone.at.includes(i));
        const terms = [ruled.term, first.term];
        return this.rankWords(others).some((c) => c.solid > 0)
          ? { kind: 'choices', terms }
          : { kind: 'none', suggestions: terms };
      }
      return { kind: 'answer', term: ruled.term };
    }
    // Several names in the question, and the asking frame points at one of them ("..., what is child in need").
    const focus = this.focusTerm(query, ranked);
    if (focus) return { kind: 'answer', term: focus };
    if (sure) return { kind: 'answer', term: first.term };
    // "What do you call it when ...": the person says they are describing something whose name they lack.
    const naming =
      named.length === 0 &&
      asksForName &&
      first.specific >= 1 &&
      first.score >= NAMING_SCORE &&
      first.hits >= SURE_HITS - 1 &&
      ratio <= NAMING_RATIO;
    if (naming) return { kind: 'answer', term: first.term };
    // Both rankers put the same term first, the entry ranker clearly ahead: the question is about it.
    const [lead] = ranked;
    if (
      // Two other terms named whole ("the IRO for one of my looked after children ... the review") are what is asked about.
      named.length < 2 &&
      lead?.term.id === first.term.id &&
      first.specific >= 2 &&
      first.score >= SURE_SCORE &&
      first.hits >= SURE_HITS &&
      ratio <= AGREE_RATIO
    )
      return { kind: 'answer', term: first.term };
    // Both agree, the entry ranker far ahead of any other and the phrase matcher holding most of the term's
    // own description ("when you want to believe the parents too much"): the question describes it.
    if (
      named.length === 0 &&
      lead?.term.id === first.term.id &&
      lead.describesCoverage >= 0.75 &&
      first.specific >= 2 &&
      first.score >= OFFER_SCORE &&
      first.hits >= SURE_HITS - 1 &&
      ratio <= CLEAR_RATIO
    )
      return { kind: 'answer', term: first.term };
    if (first.score < OFFER_SCORE) return ruled;
    if (ruled.kind === 'choices') {
      if (ruled.terms.some((t) => t.id === first.term.id)) return ruled;
      return { kind: 'choices', terms: [...ruled.terms.slice(0, maxChoices - 1), first.term] };
    }
    const suggestions = [first.term, ...ruled.suggestions.filter((t) => t.id !== first.term.id)];
    return { kind: 'none', suggestions: suggestions.slice(0, Math.max(3, ruled.suggestions.length)) };
  }

  /** True when the question names the term only to rule it out ("isn't the actual harm", "rather than a care order"). */
  private negated(query: string, term: Term): boolean {
    const q = ` ${this.prepare(query)} `;
    return (this.namesOf.get(term.id) ?? []).some((name) =>
      new RegExp(
        `${NEGATION.source}(?:(?:the|a|an|just|really|actual|actually|an actual)\\s+){0,2}${escapeRegExp(name)}\\s`,
      ).test(q),
    );
  }

  /**
   * The term the asking frame points at, when the question names several: the name right after the last
   * "what is / who is / what does" ("..., what does a care order give"), or right before "what is it / that"
   * ("the virtual school mentioned a PEP, what is it"). Only a term named whole in the whole question, found
   * by the phrase matcher alone in those few words, can be the focus: the frame picks, it never adds.
   */
  private focusTerm(query: string, ranked: Candidate[]): Term | undefined {
    const named = new Set(ranked.filter((c) => c.whole && c.whole.strength >= 1).map((c) => c.term.id));
    if (named.size === 0) return undefined;
    const q = normaliseQuery(query);
    const spans: string[] = [];
    const back = q.match(BACK_FRAME);
    if (back?.index !== undefined) spans.push(q.slice(0, back.index).split(' ').slice(-FOCUS_WORDS).join(' '));
    const forward = [...q.matchAll(FORWARD_FRAME)].pop();
    if (forward?.index !== undefined)
      spans.push(
        q
          .slice(forward.index + forward[0].length)
          .split(' ')
          .slice(0, FOCUS_WORDS + 2)
          .join(' '),
      );
    for (const span of spans) {
      const words = this.words(span);
      if (words.length === 0) continue;
      const found = this.byRules(words, this.rankWords(words, this.typedWords(span)), {});
      if (found.kind === 'answer' && !found.via && named.has(found.term.id)) return found.term;
    }
    return undefined;
  }
}
