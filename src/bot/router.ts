import type { ClaimedReminder, ReminderKind } from '../guided/reminders';
import type { ActionOutcome, ActionTurn, MessageTurn, Reply, SearchResult, SearchTurn, TurnInfo } from './turn';

export type MessageHandler = (turn: MessageTurn, args: string) => Promise<Reply[]>;
export type ActionHandler = (turn: ActionTurn) => Promise<ActionOutcome>;
export type SearchHandler = (turn: SearchTurn) => Promise<SearchResult[]>;
export type WelcomeHandler = (turn: TurnInfo) => Promise<Reply[]>;
/** What to post for a reminder that fell due (empty: nothing, e.g. its session has gone). */
export type ReminderHandler = (reminder: ClaimedReminder) => Promise<Reply[]>;

interface Command {
  feature: string;
  /** Normalised phrases; the message must be one of them, optionally followed by arguments. */
  phrases: string[];
  takesArgs: boolean;
  /** "supervision tips", "map meaning": arguments that are a question go on to the glossary. */
  /** 'questions': any question goes on to the glossary; 'comparisons': only comparisons and a bare "scale?". */
  letThrough: 'none' | 'questions' | 'comparisons';
  /**
   * "scale meaning", "reflect?", "privacy meaning": the command's name asked about. 'glossary' (the default)
   * for a command that does something, 'self' when the command's own card only explains (privacy, tools, help).
   */
  askedAbout: 'glossary' | 'self';
  handler: MessageHandler;
}

interface Intent {
  feature: string;
  /** Returns true when free text is asking for this feature (a training question, a how-to). */
  matches: (normalised: string) => boolean;
  handler: MessageHandler;
}

/** What a message resolves to: the feature that will answer it and how. */
export interface Route {
  feature: string;
  handler: MessageHandler;
  args: string;
}

/**
 * The bot's routing table, independent of the Teams SDK. Each feature registers commands, free-text
 * intents, card-action namespaces and the like; the Teams layer asks it where each activity goes.
 * Order for a message: exact commands, then intents in registration order, then the fallback.
 */
export class BotRouter {
  private readonly commands: Command[] = [];
  /** Command phrases, longest first; rebuilt when a command is added. */
  private phrases?: { c: Command; phrase: string }[];
  /** The same by first word (see phrasesByFirstWord); rebuilt when a command is added. */
  private byFirstWord?: Map<string, { c: Command; phrase: string; prefix: string }[]>;
  private readonly intents: Intent[] = [];
  private readonly actions = new Map<string, { feature: string; handler: ActionHandler }>();
  private fallbackRoute?: { feature: string; handler: MessageHandler };
  private searchRoute?: SearchHandler;
  private welcomeRoute?: WelcomeHandler;
  private readonly reminderRoutes = new Map<string, ReminderHandler>();

  /**
   * `phrases` like ['help', '?']; with `takesArgs`, "map case 4" reaches the handler with args "case 4".
   * With `letQuestionsThrough`, arguments that read as a question ("map meaning", "supervision tips",
   * "map?", "map vs safety plan") are not taken as the command's label: the message goes on to intents
   * and the fallback. With `letComparisonsThrough`, only comparisons and a bare "scale?" do (the
   * arguments of "scale how worried are we…" are themselves a question, and are the command's).
   */
  command(
    feature: string,
    phrases: string[],
    handler: MessageHandler,
    options: {
      takesArgs?: boolean;
      letQuestionsThrough?: boolean;
      letComparisonsThrough?: boolean;
      /** Where "<command> meaning" / "<command>?" goes: the glossary by default, 'self' when the command's card explains it. */
      askedAbout?: 'glossary' | 'self';
    } = {},
  ): this {
    this.commands.push({
      feature,
      phrases: phrases.map(normalise),
      takesArgs: options.takesArgs ?? false,
      letThrough: options.letQuestionsThrough ? 'questions' : options.letComparisonsThrough ? 'comparisons' : 'none',
      // A command that does something (starts a session, a builder, a review) is never started by a question
      // about its name; only a command whose own card explains it ("privacy", "tools", "help") answers one.
      askedAbout: options.askedAbout ?? 'glossary',
      handler,
    });
    this.phrases = undefined;
    this.byFirstWord = undefined;
    return this;
  }

  intent(feature: string, matches: (normalised: string) => boolean, handler: MessageHandler): this {
    this.intents.push({ feature, matches, handler });
    return this;
  }

  /** Card actions whose verb starts with `namespace.` go to `handler`. */
  action(namespace: string, feature: string, handler: ActionHandler): this {
    if (this.actions.has(namespace)) throw new Error(`Card action namespace "${namespace}" registered twice`);
    this.actions.set(namespace, { feature, handler });
    return this;
  }

  /** The catch-all for messages nothing else claimed; registered last, by one feature only. */
  fallback(feature: string, handler: MessageHandler): this {
    if (this.fallbackRoute) throw new Error('A fallback is already registered');
    this.fallbackRoute = { feature, handler };
    return this;
  }

  search(handler: SearchHandler): this {
    this.searchRoute = handler;
    return this;
  }

  /** The handler that words reminders of one kind ("review", "action"). */
  reminder(kind: ReminderKind, handler: ReminderHandler): this {
    this.reminderRoutes.set(kind, handler);
    return this;
  }

  reminderHandler(kind: ReminderKind): ReminderHandler | undefined {
    return this.reminderRoutes.get(kind);
  }

  welcome(handler: WelcomeHandler): this {
    this.welcomeRoute = handler;
    return this;
  }

  /** Finds the handler for a typed message. */
  routeMessage(text: string): Route | undefined {
    const said = normalise(text);
    // Only phrases whose first word is the message's first word can be it or begin it.
    const space = said.indexOf(' ');
    const candidates = this.phrasesByFirstWord().get(space < 0 ? said : said.slice(0, space));
    const question = candidates !== undefined && asksAQuestion(text);
    for (const { c, phrase, prefix } of candidates ?? []) {
      if (said === phrase) {
        if (c.letThrough !== 'none' && question) continue;
        // "reflect?", "review?": the command's name asked about, not the command.
        if (c.askedAbout === 'glossary' && /\?\s*$/.test(text)) continue;
        return { feature: c.feature, handler: c.handler, args: '' };
      }
      if (!said.startsWith(prefix)) continue;
      if (ONLY_ASKING.test(said.slice(prefix.length))) {
        // The command's own name asked about ("scale meaning", "privacy tips"): never its argument.
        if (c.askedAbout === 'glossary') continue;
        return { feature: c.feature, handler: c.handler, args: '' };
      }
      if (c.takesArgs) {
        const rest = said.slice(prefix.length);
        if (c.letThrough === 'questions' && (question || asksAQuestion(rest))) continue;
        if (c.letThrough === 'comparisons' && COMPARISON.test(rest)) continue;
        return { feature: c.feature, handler: c.handler, args: text.trim().slice(leadingWords(text, phrase)).trim() };
      }
    }
    for (const intent of this.intents) {
      if (intent.matches(said)) return { feature: intent.feature, handler: intent.handler, args: text.trim() };
    }
    return (
      this.fallbackRoute && {
        feature: this.fallbackRoute.feature,
        handler: this.fallbackRoute.handler,
        args: text.trim(),
      }
    );
  }

  /** Command phrases, longest first (so "glossary insights" wins over "glossary"). */
  private sortedPhrases(): { c: Command; phrase: string }[] {
    this.phrases ??= this.commands
      .flatMap((c) => c.phrases.map((phrase) => ({ c, phrase })))
      .sort((a, b) => b.phrase.length - a.phrase.length);
    return this.phrases;
  }

  /**
   * The same, grouped by first word, each phrase with its "phrase " prefix made once: a message is
   * compared with the few phrases sharing its first word, not with every phrase of every command.
   */
  private phrasesByFirstWord(): Map<string, { c: Command; phrase: string; prefix: string }[]> {
    if (this.byFirstWord) return this.byFirstWord;
    const byFirstWord = new Map<string, { c: Command; phrase: string; prefix: string }[]>();
    for (const { c, phrase } of this.sortedPhrases()) {
      const first = phrase.split(' ')[0] ?? '';
      const list = byFirstWord.get(first) ?? [];
      list.push({ c, phrase, prefix: `${phrase} ` });
      byFirstWord.set(first, list);
    }
    this.byFirstWord = byFirstWord;
    return byFirstWord;
  }

  /**
   * A one-word near miss of a command ("hepl", "summry", "glosary"): the command it was meant to be.
   * One edit (a swap counts as one) for words of 4 to 6 letters, two beyond; never for short commands.
   */
  nearCommand(text: string): Route | undefined {
    const said = normalise(text);
    if (said.length < 3 || /\s/.test(said)) return undefined;
    // A command's own name, which routing let through as a question ("reflect?", "review?"), is no slip.
    if (this.sortedPhrases().some(({ phrase }) => phrase === said)) return undefined;
    const allowed = said.length <= 6 ? 1 : 2;
    let best: { c: Command; distance: number } | undefined;
    for (const { c, phrase } of this.sortedPhrases()) {
      if (/\s/.test(phrase)) continue;
      // Three letters ("mpa" for "map"): only two neighbouring letters swapped; anything else is too close to chance.
      if (said.length === 3 || phrase.length === 3) {
        if (said.length === phrase.length && isOneSwap(said, phrase)) best = { c, distance: 1 };
        continue;
      }
      if (phrase.length < 4) continue;
      const distance = editDistance(said, phrase);
      if (distance <= allowed && (!best || distance < best.distance)) best = { c, distance };
    }
    return best && { feature: best.c.feature, handler: best.c.handler, args: '' };
  }

  /** True when text is a command or intent, not free text for the fallback. */
  handles(text: string): boolean {
    const route = this.routeMessage(text);
    return route !== undefined && route.handler !== this.fallbackRoute?.handler;
  }

  routeAction(verb: string): { feature: string; handler: ActionHandler } | undefined {
    const namespace = verb.split('.')[0] ?? '';
    return this.actions.get(namespace);
  }

  get searchHandler(): SearchHandler | undefined {
    return this.searchRoute;
  }

  get welcomeHandler(): WelcomeHandler | undefined {
    return this.welcomeRoute;
  }
}

/** Lower case, straight quotes, no surrounding punctuation, single spaces. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/^[\s/!.?,:;"'-]+|[\s!.?,:;"'-]+$/g, '')
    .replace(/\s+/g, ' ');
}

const QUESTION_START =
  /^(?:what|whats|what's|how|why|who|when|where|which|is|are|does|do|can|could|should|explain|define)\b/;
/** A comparison ("vs scaling", "or safety plan which comes first"): always a question for the glossary. */
export const COMPARISON =
  /\b(?:vs|versus|difference|different|differs?|compared?|same as|or (?:a |an |the )?\w+(?: \w+)? which)\b|\bv\b/;
const QUESTION_WORDS = new RegExp(
  `\\b(?:mean|means|meaning|meant|definition|define|tips?|advice|ideas|explained|explain|examples?|guidance)\\b|${COMPARISON.source}`,
);

/** Arguments that only ask about the command itself: "meaning", "tips", "explained", "what is it", "help". */
export const ONLY_ASKING =
  /^(?:(?:what(?:'s| is| does| do)?|whats) (?:it|this|that)(?: mean| do| for)? ?)?(?:(?:mean|means|meaning|meant|definition|defined|define|tips?|advice|explained|explain|examples?|guidance|help|info|information|please|pls|\?)\s*)*$/;

/** Arguments that read as a question about the command's subject rather than a label for a new session. */
export function asksAQuestion(text: string): boolean {
  const t = text.trim().toLowerCase();
  return /\?\s*$/.test(t) || QUESTION_START.test(t) || QUESTION_WORDS.test(t);
}

/** True when `b` is `a` with two neighbouring letters swapped. */
function isOneSwap(a: string, b: string): boolean {
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return false;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps each cost one. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** Length of the original text covered by the words of `phrase`, to slice arguments without changing their case. */
function leadingWords(text: string, phrase: string): number {
  const words = phrase.split(' ').length;
  const match = text.trim().match(new RegExp(`^[/!]?(\\S+\\s+){${words - 1}}\\S+`));
  return match ? match[0].length : 0;
}
