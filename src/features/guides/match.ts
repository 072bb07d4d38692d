import type { Guide } from '../../content/schema';

/**
 * Reading a typed question for the guides, free of Teams: is it a how-to, which guide does it name,
 * and does it mention a child's age. Works on text already normalised by the router (lower case).
 */

const HOW_TO =
  /\b(how (do|can|should|would|could|might|does|did) (i|we|you|one|it|they)|how to|steps? (for|to|in|of|with)|guide (to|for|on|about)|guidance (on|for|about)|walk me through|talk me through|tips (for|on|about)|instructions (for|on)|(help|show) me (use|do|run|plan|with|how)|explain how)\b/;

/** True for a how-to question ("how do I…", "steps for…", "guide to…"); "what is three houses" is not one. */
export function asksHowTo(said: string): boolean {
  return HOW_TO.test(said);
}

/**
 * The guide whose title or alias appears in the text as whole words; the longest phrase wins. In a how-to
 * naming two ("we had a family network meeting, now how do we write the safety plan"), the one the asking
 * words point at (named after them) wins over one said before them as what already happened.
 */
export function findGuide(guides: readonly Guide[], said: string): Guide | undefined {
  const asked = said.match(HOW_TO)?.index ?? -1;
  let best: { guide: Guide; length: number; afterAsking: boolean } | undefined;
  for (const guide of guides) {
    for (const phrase of [guide.title.toLowerCase(), ...guide.aliases]) {
      const pattern = new RegExp(`(^|[^a-z0-9])${escapeRegExp(phrase)}([^a-z0-9]|$)`);
      const at = said.match(pattern)?.index;
      if (at === undefined) continue;
      const afterAsking = asked >= 0 && at > asked;
      const better =
        !best ||
        (afterAsking && !best.afterAsking) ||
        (afterAsking === best.afterAsking && phrase.length > best.length);
      if (better) best = { guide, length: phrase.length, afterAsking };
    }
  }
  return best?.guide;
}

/** Asking for a way or a tool ("how can I", "what could I use", "best way to"), not what a word means. */
const ASKS_FOR_A_WAY =
  /\b(?:how (?:do|can|should|would|could|might) (?:i|we)|how to|what (?:can|could|should|do|would|might) (?:i|we) use|what (?:tool|tools)|(?:best|good|easiest) way|ways? (?:to|of)|any (?:ideas|tips)|ideas for|tips for|help (?:me|us) (?:to )?(?:hear|get|explain|show|find))\b/;
/** A young child spoken of without an age ("a little one", "a small child", "a toddler"). */
const YOUNG_CHILD =
  /\b(?:little one|little ones|small child|small children|young child|young children|younger child|younger children|toddler|little (?:boy|girl|lad|kid)|tiny)\b/;
/** Under this age a child counts as young for choosing a tool without one being named. */
const YOUNG_AGE = 11;
const EXPLAINS = /\b(?:explain|tell|understand|make sense of|show)\b/;
const WHAT_IS_EXPLAINED =
  /\b(?:why|what happened|what(?:'s| is) happening|what will happen|the plan|the worries|can't live|cannot live|can not live|isn't living|not living|in care|moved|moving|come into care)\b/;
const SAFETY_RULES = /\bsafety rules\b|\brules (?:that|to|which) keep\b|\brules (?:at home|for home)\b/;
const HEARS =
  /\b(?:views?|voice|wishes|feelings|feels?|thinks?|thoughts|worries|worried|wants?|hopes|dreams|hear(?:ing)? (?:from|what)|find out what|open up|talk to me)\b/;

/**
 * The guide for a need described for a young child without naming a tool ("how do I get a 4 year old's
 * views", "what can I use to explain to a small child why they are in care"): Words and Pictures to tell
 * the child, the Safety House for safety rules, Three Houses to hear them. Undefined unless the question
 * asks for a way, speaks of a young child, and says what the child needs.
 */
export function guideForChild(guides: readonly Guide[], said: string): Guide | undefined {
  if (!ASKS_FOR_A_WAY.test(said)) return undefined;
  const age = childAge(said);
  if (!(age ? age.years < YOUNG_AGE : YOUNG_CHILD.test(said))) return undefined;
  const id = SAFETY_RULES.test(said)
    ? 'safety-house'
    : EXPLAINS.test(said) && WHAT_IS_EXPLAINED.test(said)
      ? 'words-and-pictures'
      : HEARS.test(said)
        ? 'three-houses'
        : undefined;
  return id ? guides.find((g) => g.id === id) : undefined;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
};
const NUMBER = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const MONTHS_OLD = new RegExp(`\\b${NUMBER}[\\s-]*months?[\\s-]*old\\b`);
const YEARS_OLD = new RegExp(`\\b${NUMBER}[\\s-]*(years?|yrs?)[\\s-]*old\\b`);
const AGED = new RegExp(`\\baged?\\s+${NUMBER}\\b`);
const YO = /\b(\d{1,2})\s*(yo|y\/o)\b/;
/**
 * "her little brother who is four", "my son's 4", "she is only 5": an age said of a child, not a count
 * ("who is four weeks into placement", "is 4 of 5 siblings") and not a bare "who is four" with no child in it.
 */
const IS_AGE = new RegExp(
  `\\b(?:who|he|she|child|boy|girl|son|daughter|brother|sister|baby|toddler|grandson|granddaughter)(?:\\s+(?:is|was|has just turned|just turned|turned)|'s|s)\\s+(?:only\\s+|nearly\\s+|almost\\s+|just\\s+)?${NUMBER}\\b(?!\\s*(?:x\\b|of\\b|out\\b|times|children|kids|siblings|weeks?|days?|months?|people|sessions?|visits?|houses|wizards|fairies|columns|questions|sisters|brothers|others))`,
);
const CHILD_WORD = /\b(?:child|boy|girl|son|daughter|brother|sister|baby|toddler|kid|grandson|granddaughter|he|she)\b/;

/** A child's age mentioned in a question ("a 6 year old", "aged five", "18 months old"), if any. */
export function childAge(said: string): { years: number; months?: number } | undefined {
  const months = said.match(MONTHS_OLD);
  if (months?.[1]) {
    const n = toNumber(months[1]);
    return { years: Math.floor(n / 12), months: n };
  }
  const years = said.match(YEARS_OLD) ?? said.match(AGED) ?? said.match(YO);
  if (years?.[1]) return { years: toNumber(years[1]) };
  // "who is four" counts only where a child is spoken of: a bare "who is four" is a slip, not an age.
  const is = said.match(IS_AGE);
  return is?.[1] && CHILD_WORD.test(said) ? { years: toNumber(is[1]) } : undefined;
}

function toNumber(word: string): number {
  return NUMBER_WORDS[word] ?? Number(word);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
