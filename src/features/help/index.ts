import { type BotRouter, normalise } from '../../bot/router';
import { card, type Reply, text } from '../../bot/turn';
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

  router.command('help', ['help', '?', 'menu', 'commands', 'start', 'get started'], async () => [
    helpCard(deps, router),
  ]);

  // Thanks, hello, ok and bye get a short reply: they are not glossary questions (and are never logged as ones).
  router.intent(
    'help',
    (said) => smallTalk(said) !== undefined,
    async (turn) => [text(say(deps.content, `smalltalk-${smallTalk(normalise(turn.text)) ?? 'ok'}`))],
  );

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

/** The kinds of small talk, each with words that only ever mean it. */
const SMALL_TALK: Record<'thanks' | 'hello' | 'bye' | 'ok', string[]> = {
  thanks: ['thanks', 'thank', 'thankyou', 'thx', 'ty', 'ta', 'cheers', 'helpful', 'appreciated', 'appreciate'],
  bye: ['bye', 'goodbye', 'byee', 'cya', 'later', 'night', 'goodnight'],
  hello: ['hello', 'hi', 'hey', 'hiya', 'heya', 'morning', 'afternoon', 'evening', 'howdy', 'greetings'],
  ok: [
    'ok',
    'okay',
    'okey',
    'k',
    'kk',
    'cool',
    'great',
    'fine',
    'nice',
    'right',
    'sure',
    'alright',
    'understood',
    'noted',
    'gotcha',
    'perfect',
    'brilliant',
    'lovely',
    'awesome',
    'excellent',
    'fab',
    'super',
    'good',
    'yes',
    'yep',
  ],
};
/** Words that may come with small talk without making it a question ("thanks so much", "ok got it"). */
const SMALL_TALK_EXTRA = new Set([
  'you',
  'so',
  'much',
  'very',
  'a',
  'lot',
  'lots',
  'many',
  'again',
  'there',
  'all',
  'everyone',
  'bot',
  'that',
  'thats',
  "that's",
  'was',
  'is',
  'it',
  'got',
  'see',
  'ya',
  'for',
  'now',
  'the',
  'help',
  'really',
  'good',
  'oh',
  'and',
  'x',
  'xx',
  'just',
  'well',
  'then',
  'will',
  'do',
  'i',
  'me',
  'to',
  'know',
  'makes',
  'sense',
  'love',
  'lol',
  'haha',
  'wow',
  'yeah',
]);

/** Which kind of small talk a message is ("thanks!", "hello there", "ok got it"), if it is nothing else. */
export function smallTalk(said: string): keyof typeof SMALL_TALK | undefined {
  const words = said
    .replace(/[^a-z' ]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  if (words.length === 0 || words.length > 8) return undefined;
  const kinds = Object.entries(SMALL_TALK) as [keyof typeof SMALL_TALK, string[]][];
  const found = new Set<keyof typeof SMALL_TALK>();
  for (const word of words) {
    const kind = kinds.find(([, list]) => list.includes(word))?.[0];
    if (kind) found.add(kind);
    else if (!SMALL_TALK_EXTRA.has(word)) return undefined;
  }
  // "Thanks, bye" is thanks; "good morning" is hello, not ok.
  return kinds.map(([kind]) => kind).find((kind) => found.has(kind));
}
