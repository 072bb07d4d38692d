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

/** The help card and the "not a command" card, listing only the commands the bot has. */
export interface HelpCards {
  /** Fixes the commands the help card lists: those the router can route, once every feature is mounted. */
  listAvailable(router: BotRouter): void;
  card(intro?: string): Reply;
  /** For a message starting with "/" that is no command: the help card, saying so. */
  unknownCommand(text: string): Reply;
}

/** Welcome on install, `help`, small talk, and the card's "run this command" buttons. */
export function register(router: BotRouter, deps: Deps): HelpCards {
  const help = deps.content.help;
  let available = help.commands;
  const helpCard = (intro?: string): Reply =>
    card(renderCard(HELP, { title: help.title, intro: intro ?? help.intro, footer: help.footer, commands: available }));

  router.welcome(async (turn) => [
    // In a group, Teams' guidance: greet the person who added the bot by name, with an @mention.
    ...(turn.conversation.kind === 'personal'
      ? []
      : turn.actor.unnamed
        ? [text(say(deps.content, 'welcome-group-unnamed'))]
        : [
            {
              type: 'text' as const,
              text: say(deps.content, 'welcome-group'),
              mention: { id: turn.actor.id, name: turn.actor.name },
            },
          ]),
    card(
      renderCard(WELCOME, {
        privacySummary: deps.content.help.privacySummary.replaceAll('{days}', String(deps.config.retentionDays)),
      }),
    ),
  ]);

  router.command(
    'help',
    ['help', '?', 'menu', 'commands', 'start', 'get started', 'what can you do', 'what do you do', 'what can i ask'],
    async () => [helpCard()],
    {
      askedAbout: 'self',
    },
  );

  // Thanks, hello, ok and bye get a short reply: they are not glossary questions (and are never logged as ones).
  router.intent(
    'help',
    (said) => smallTalk(said) !== undefined,
    async (turn) => [text(say(deps.content, `smalltalk-${smallTalk(normalise(turn.text)) ?? 'ok'}`))],
  );

  // "How are you?", "you're useless": a short reply, never a glossary search (and never logged as a question).
  router.intent(
    'help',
    (said) => smallTalkAsked(said) !== undefined,
    async (turn) => [text(say(deps.content, `smalltalk-${smallTalkAsked(normalise(turn.text)) ?? 'how'}`))],
  );

  // "Are you a real person?", "who made you": a short, honest word about the bot, never a glossary search.
  router.intent(
    'help',
    (said) => asksAboutTheBot(said),
    async () => [text(say(deps.content, 'smalltalk-bot'))],
  );

  // "Write up my assessment for the family": the bot explains terms and cannot write records. (A request to
  // write a danger statement or a safety goal is the builder's, registered after this.)
  router.intent(
    'help',
    (said) => asksForWork(said),
    async () => [text(say(deps.content, 'work-request'))],
  );

  // Buttons on the help and welcome cards run a command as if it were typed: the bot routes it.
  router.action('help', 'help', async (turn) => {
    const command = typeof turn.data.command === 'string' ? turn.data.command.slice(0, 60) : '';
    const unknown = [helpCard(say(deps.content, 'unknown-action'))];
    return command ? { run: { command, otherwise: unknown } } : { replies: unknown };
  });

  return {
    listAvailable: (r) => {
      available = help.commands.filter((c) => r.handles(c.command));
    },
    card: helpCard,
    unknownCommand: (typed) => {
      const first = typed.trim().split(/\s+/)[0] ?? '';
      return helpCard(say(deps.content, 'unknown-command', { command: first.slice(0, 40) }));
    },
  };
}

/** The kinds of small talk, each with words that only ever mean it. */
const SMALL_TALK: Record<'thanks' | 'hello' | 'bye' | 'ok', string[]> = {
  thanks: ['thanks', 'thank', 'thankyou', 'thx', 'ty', 'ta', 'cheers', 'helpful', 'appreciated', 'appreciate', 'thanx'],
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
    // An interjection on its own ("lol", "hmm") is no question either.
    'lol',
    'haha',
    'hmm',
    'hm',
    'umm',
    'um',
    'erm',
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
  'wow',
  'yeah',
  'mate',
  'pal',
  'hun',
  'all',
  'everyone',
  'folks',
  'again',
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

const ABOUT_THE_BOT = new RegExp(
  [
    '^(?:are|r) (?:you|u) (?:an? )?(?:real|human|person|robot|bot|ai|chat ?bot|chat ?gpt|gpt|copilot|computer|machine|actual|live|artificial|automated|llm)\\b',
    '^am i (?:talking|speaking|chatting) (?:to|with) (?:an? )?(?:real |actual |live )?(?:human|person|bot|robot|ai|machine|computer)\\b',
    '^(?:who|which company|what company) (?:made|built|created|wrote|programmed|designed|owns|runs|makes) (?:you|this|the bot|it)\\b',
    '^what (?:are|r) (?:you|u)(?: exactly)?$',
    '^(?:is this|is it|is that) (?:an? )?(?:bot|ai|robot|real person|human|person|chat ?gpt)\\b',
  ].join('|'),
);

/** "Are you a real person?", "are you AI", "who made you": a question about the bot itself. */
/** "How are you (today)?", "you ok?": asked of the bot, as people do. */
const HOW_ARE_YOU =
  /^(?:hi |hello |hey |morning )?(?:how are (?:you|u)|how r u|how'?s it going|how are things|you ok|are you ok|u ok|how have you been)(?: doing)?(?: today| this morning| this afternoon)?$/;
/** Frustration at the bot ("you're useless"): an apology and a way on, never a glossary search. */
const FRUSTRATED =
  /^(?:you'?re|you are|your|ur|u r|this is|this bot is|what a)(?: so| really| totally| completely| pretty)? (?:useless|rubbish|crap|pointless|stupid|dumb|terrible|awful|no help|not helpful|unhelpful|no use|a waste of time|pants)$/;

export function smallTalkAsked(said: string): 'how' | 'sorry' | undefined {
  const plain = said
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (HOW_ARE_YOU.test(plain)) return 'how';
  if (FRUSTRATED.test(plain)) return 'sorry';
  return undefined;
}

export function asksAboutTheBot(said: string): boolean {
  return (
    said.split(' ').length <= 10 &&
    ABOUT_THE_BOT.test(
      said
        .replace(/[^a-z' ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  );
}

/** Asking the bot to do work: "write up my assessment", "can you do the case notes", "draft the minutes". */
const WORK_REQUEST =
  /^(?:(?:please|pls|hi|hey|ok|so|can you|could you|would you|will you|can u|are you able to|i need you to|i want you to|i'd like you to|help me)\s+)*(?:write|write up|draft|do|complete|fill in|fill out|type up|prepare|produce|create|finish|make)\s+(?:up\s+)?(?:me\s+)?(?:my|our|the|a|an|this|these|that|some|up)\b.*\b(?:assessments?|reports?|notes?|minutes|plans?|records?|recordings?|referrals?|chronolog(?:y|ies)|letters?|summar(?:y|ies)|statements?|write ?ups?|emails?|analysis|paperwork|form|forms|case ?work|visit)\b/;
/** The builder's own: writing a danger statement or a safety goal is something the bot helps with. */
const BUILDER_WORK = /\b(?:danger|worry) statements?\b|\bsafety goals?\b/;

export function asksForWork(said: string): boolean {
  return WORK_REQUEST.test(said) && !BUILDER_WORK.test(said);
}
