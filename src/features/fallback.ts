import type { BotRouter } from '../bot/router';
import type { Reply } from '../bot/turn';

/**
 * The catch-all for messages no command or intent claimed, mounted last and alone so it can never
 * shadow a feature: free text is a glossary question; "/something" unknown is a mistyped command;
 * a one-word near miss of a command ("hepl", "summry") is that command unless it names a term.
 */
export function mountFallback(
  router: BotRouter,
  help: { unknownCommand(text: string): Reply },
  glossary: { knows(text: string): boolean; answer(text: string, now: number): Promise<Reply[]> },
): void {
  router.fallback('glossary', async (turn) => {
    if (turn.text.trim().startsWith('/')) return [help.unknownCommand(turn.text)];
    const near = router.nearCommand(turn.text);
    if (near && !glossary.knows(turn.text)) return near.handler(turn, near.args);
    return glossary.answer(turn.text, turn.now);
  });
}
