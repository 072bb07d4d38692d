/**
 * Incoming text without invisible formatting characters (zero-width spaces, right-to-left overrides)
 * or control characters other than tab and new line: they change nothing a person meant, but can
 * hide commands from the router or disguise text shown back in a card.
 */
export function cleanIncomingText(text: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return (text ?? '').replace(/[\p{Cf}\u0000-\u0008\u000b-\u001f\u007f]/gu, '').trim();
}
