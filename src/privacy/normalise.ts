/**
 * The one tidy-up every piece of free text gets before it is checked for identifiers and stored.
 * The guard looks at exactly the string that is kept, so nothing can hide from it in characters
 * that storage would later remove or join up.
 *
 * - NFKC: full-width digits and letters become ordinary ones ("９４３" → "943"), ligatures split.
 * - Format characters (Unicode Cf) go: zero-width spaces and joiners, soft hyphens, word joiners,
 *   direction marks, byte-order marks, and the invisible mark the card renderer puts into a typed
 *   `${` (so the text is back as it was typed). A zero-width joiner between two emoji stays.
 * - Control characters go, except new lines; Windows and Unicode line ends become "\n".
 * - Every Unicode space (no-break, narrow no-break, thin, ideographic…) and tab becomes a plain
 *   space, and runs of spaces become one; every dash (hyphen, en, em, minus…) becomes "-".
 * - More than one blank line becomes one; the whole text is trimmed.
 */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\p{Cf}/gu, (ch, at: number, all: string) => (ch === '\u200D' && joinsEmoji(all, at) ? ch : ''))
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .replace(/[\p{Zs}\t]+/gu, ' ')
    .replace(/[\p{Pd}\u2212\u2043]/gu, '-')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const EMOJI_BEFORE = /\p{Extended_Pictographic}\uFE0F?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

/** True when the zero-width joiner at `at` sits between two emoji (a family or profession emoji). */
function joinsEmoji(all: string, at: number): boolean {
  return EMOJI_BEFORE.test(all.slice(Math.max(0, at - 3), at)) && EMOJI_AFTER.test(all.slice(at + 1, at + 3));
}
