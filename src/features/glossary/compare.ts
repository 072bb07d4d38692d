/**
 * Comparison questions ("difference between A and B", "A vs B", "is A the same as B"): the two
 * things being compared, as typed, so each can be looked up on its own.
 */

const SIDE = '(.+?)';
const PAIR = '(.+)';

/** Patterns with two sides already apart ("is A the same as B"), and with a pair to split ("between A and B"). */
const TWO_SIDED: RegExp[] = [
  // "how is A different from B", "how does A differ from B", "is A different to B"
  new RegExp(`^(?:how\\s+)?(?:is|are|does|do)\\s+${SIDE}\\s+(?:differ|different)\\s+(?:from|to|than)\\s+${SIDE}$`),
  // "is A the same as B", "is A the same thing as B"
  new RegExp(
    `^(?:is|are|isn't|aren't)\\s+${SIDE}\\s+(?:the\\s+same(?:\\s+thing)?\\s+as|same\\s+as|just\\s+another\\s+(?:word|name)\\s+for)\\s+${SIDE}$`,
  ),
  // "A compared to B"
  new RegExp(`^${SIDE}\\s+compared\\s+(?:to|with)\\s+${SIDE}$`),
  // "what sets A apart from B", "what separates A from B"
  new RegExp(`\\b(?:sets|separates|distinguishes)\\s+${SIDE}\\s+(?:apart\\s+)?from\\s+${SIDE}$`),
];
const PAIRED: RegExp[] = [
  // "what's the difference between A and B", "difference b/w A and B"
  new RegExp(
    `\\b(?:diff(?:erence)?s?|distinction)\\s+(?:in\\s+practice\\s+)?(?:between|betwen|betweem|b/w|btwn|of|in)\\s+${PAIR}$`,
  ),
  // "are A and B the same", "is A and B different"
  new RegExp(`^(?:is|are)\\s+${PAIR}\\s+(?:the\\s+same(?:\\s+thing)?|different|the\\s+same\\s+or\\s+different)$`),
  // "compare A and B", "compare A with B"
  new RegExp(`^compare\\s+${PAIR}$`),
  // "A and B: what's the difference", "A or B which is which"
  new RegExp(`^${PAIR}\\s*(?:-|:|,)?\\s+(?:what(?:'s| is)\\s+the\\s+)?(?:difference|diff|which is which)$`),
  // "A and B, are they the same document?", "A or B, are they different", "A and B - two separate columns?"
  new RegExp(
    `^${PAIR}\\s*(?:-|:|,)\\s*(?:are|is)\\s+(?:they|these|those|the two|both|it)\\s+(?:the\\s+same|different|separate|two\\s+(?:different|separate))\\b.*$`,
  ),
  // "A or B, which do I need", "A or B, which one applies"
  new RegExp(`^${PAIR}\\s*(?:-|:|,)?\\s+which\\s+(?:one|do|does|should|would|is|applies|comes|fits)\\b.*$`),
  // "tell A and B apart"
  new RegExp(`\\btell\\s+${PAIR}\\s+apart$`),
  // "A vs B", "A versus B"
  new RegExp(`^${PAIR}$`),
];
/** Words joining the two sides of a pair. "vs" alone is enough; the others need a comparison pattern. */
const JOINERS = /\s+(?:and|&|\+|or|vs\.?|versus|v\.?|with|to)\s+/g;
const VERSUS = /\s+(?:vs\.?|versus|v\.?)\s+/;

/** Leading filler on either side ("a", "the", "what's the", "an") and trailing "in signs of safety". */
function tidy(side: string): string {
  return side
    .replace(/^(?:(?:what(?:'s| is)|whats|so|and|but|the|a|an|between|actually|really)\s+)+/, '')
    .replace(
      /\s+(?:in (?:signs of safety|sofs|practice|the model|child protection)|exactly|really|then|again|please|though)$/,
      '',
    )
    .replace(/\s+(?:the\s+)?same(?:\s+thing)?$/, '')
    .trim();
}

/** Every way of reading the question as "A compared with B", most likely first; empty if it compares nothing. */
export function splitComparison(question: string): [string, string][] {
  const q = question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b`]/g, "'")
    .replace(/[\u201c\u201d"]/g, '')
    .replace(/[?!.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(
      /^(?:(?:hi|hello|hey|please|sorry|quick question|can you tell me|could you tell me|can you explain|could you explain|explain|tell me|i'm confused|im confused|i'm not sure|im not sure|i don't get|i dont get|i don't understand|i dont understand|what)\s*[,:-]?\s+)+/,
      '',
    );
  const out: [string, string][] = [];
  const push = (a: string, b: string) => {
    const [x, y] = [tidy(a), tidy(b)];
    if (x && y && x !== y && !out.some(([p, r]) => p === x && r === y)) out.push([x, y]);
  };
  for (const pattern of TWO_SIDED) {
    const match = q.match(pattern);
    if (match) push(match[1] ?? '', match[2] ?? '');
  }
  PAIRED.forEach((pattern, i) => {
    const match = q.match(pattern);
    const pair = match?.[1];
    // The bare "A vs B" reading needs "vs" itself; "A and B" alone is not a comparison.
    if (!pair || (i === PAIRED.length - 1 && !VERSUS.test(pair))) return;
    for (const joiner of pair.matchAll(JOINERS)) {
      const at = joiner.index ?? 0;
      push(pair.slice(0, at), pair.slice(at + joiner[0].length));
    }
  });
  return out;
}
