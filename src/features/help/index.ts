import type { BotRouter } from '../../bot/router';
import { card, type Reply } from '../../bot/turn';
import { cardTemplate, renderCard } from '../../cards';
import { say } from '../../content/pack';
import type { Deps } from '../../deps';

interface HelpCardData {
  title: string;
  intro: string;
  footer: string;
  commands: { command: string; title: string; description: string; button: string }[];
}

interface WelcomeCardData {
  privacySummary: string;
}

const HELP = cardTemplate<HelpCardData>('help');
const WELCOME = cardTemplate<WelcomeCardData>('welcome');

/** The help card, listing only commands the bot can route right now. */
export function helpCard(deps: Deps, router: BotRouter, intro?: string): Reply {
  const help = deps.content.help;
  const commands = help.commands.filter((c) => router.handles(c.command));
  return card(renderCard(HELP, { title: help.title, intro: intro ?? help.intro, footer: help.footer, commands }));
}

/** Welcome on install, `help`, and the card's "run this command" buttons. */
export function register(router: BotRouter, deps: Deps): void {
  router.welcome(async () => [
    card(
      renderCard(WELCOME, {
        privacySummary: deps.content.help.privacySummary.replaceAll('{days}', String(deps.config.retentionDays)),
      }),
    ),
  ]);

  router.command('help', ['help', '?', 'menu', 'commands', 'hi', 'hello', 'hey', 'start', 'get started'], async () => [
    helpCard(deps, router),
  ]);

  // Buttons on the help and welcome cards run a command as if it were typed, posting its answer.
  router.action('help', 'help', async (turn) => {
    const command = typeof turn.data.command === 'string' ? turn.data.command.slice(0, 60) : '';
    const route = command && router.handles(command) ? router.routeMessage(command) : undefined;
    if (!route) {
      return { replies: [helpCard(deps, router, say(deps.content, 'unknown-action'))] };
    }
    return { replies: await route.handler({ ...turn, text: command }, route.args) };
  });
}

/** For a message starting with "/" that is no command: the help card, saying so. */
export function unknownCommand(deps: Deps, router: BotRouter, text: string): Reply {
  const first = text.trim().split(/\s+/)[0] ?? '';
  return helpCard(deps, router, say(deps.content, 'unknown-command', { command: first.slice(0, 40) }));
}
