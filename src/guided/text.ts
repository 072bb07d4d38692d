/** Text helpers every guided session uses for "copy as text". */

/** Longest plain-text message sent at once; longer sessions go in numbered parts. */
export const TEXT_PART_CHARS = 12_000;

/** Splits text at line breaks into parts of at most `max` characters, numbering them when more than one. */
export function splitParts(text: string, max: number): string[] {
  const reserve = 20;
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max - reserve) {
      if (current) {
        parts.push(current);
        current = '';
      }
      parts.push(rest.slice(0, max - reserve));
      rest = rest.slice(max - reserve);
    }
    if (current.length + rest.length + 1 > max - reserve) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${rest}` : rest;
  }
  if (current) parts.push(current);
  return parts.length <= 1 ? parts : parts.map((p, i) => `(Part ${i + 1} of ${parts.length})\n${p}`);
}
