/**
 * Incoming text without invisible formatting characters (zero-width spaces, right-to-left overrides)
 * or control characters other than tab and new line: they change nothing a person meant, but can
 * hide commands from the router or disguise text shown back in a card.
 */
export function cleanIncomingText(text: string | undefined): string {
  return (
    (text ?? '')
      .replace(/\p{Cf}/gu, '')
      // A control character stands between words ("safety<NUL>plan" is two words), never joins them.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ')
      .trim()
  );
}
