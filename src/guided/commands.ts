import type { BotRouter } from '../bot/router';
import { type Reply, type TurnInfo, text } from '../bot/turn';
import { NOTICE, renderCard } from '../cards';
import { say } from '../content/pack';
import type { Deps } from '../deps';

/** One kind of guided session (a map, a supervision conversation) as the shared commands see it. */
export interface SessionProvider {
  kind: string;
  /** How the session is named to users ("map", "supervision conversation"). */
  noun: string;
  /** Words that pick this kind in "resume map", "delete supervision". */
  keywords: string[];
  current(turn: TurnInfo): Promise<{ id: string; label: string; status: 'active' | 'closed' } | undefined>;
  resume(turn: TurnInfo): Promise<Reply[]>;
  summary(turn: TurnInfo): Promise<Reply[]>;
  status(turn: TurnInfo): Promise<Reply[]>;
  close(turn: TurnInfo): Promise<Reply[]>;
  /** Asks for confirmation before deleting. */
  remove(turn: TurnInfo): Promise<Reply[]>;
  /** "Forget me": removes the person's contributions, or the whole session if it is theirs. */
  forget(turn: TurnInfo): Promise<'none' | 'removed' | 'deleted'>;
}

type Verb = 'resume' | 'summary' | 'status' | 'close' | 'remove';

const PHRASES: Record<Verb, string[]> = {
  resume: ['resume', 'continue', 'carry on', 'show', 'board'],
  summary: ['summary', 'summarise', 'summarize'],
  status: ['status'],
  close: ['close', 'end', 'finish'],
  remove: ['delete', 'remove'],
};

/**
 * `resume`, `summary`, `status`, `close` and `delete`, shared by every kind of guided session: with one
 * session in the chat they act on it; with two they ask which; "resume map" picks directly.
 */
export function registerSessionCommands(router: BotRouter, deps: Deps, providers: SessionProvider[]): void {
  const m = (key: string, vars: Record<string, string | number> = {}) => say(deps.content, key, vars);

  for (const [verb, words] of Object.entries(PHRASES) as [Verb, string[]][]) {
    const phrases = words.flatMap((w) => [
      w,
      ...providers.flatMap((p) => p.keywords.map((k) => `${w} ${k}`)),
      ...providers.flatMap((p) => p.keywords.map((k) => `${k} ${w}`)),
    ]);
    router.command('sessions', [...new Set(phrases)], async (turn) => {
      const said = turn.text.toLowerCase();
      const named = providers.filter((p) => p.keywords.some((k) => new RegExp(`\\b${k}\\b`).test(said)));
      const candidates = named.length > 0 ? named : providers;
      const present = [];
      for (const p of candidates) if (await p.current(turn)) present.push(p);
      if (present.length === 0)
        return [text(named.length === 1 ? m('sessions-none-of', { noun: named[0]?.noun ?? '' }) : m('sessions-none'))];
      if (present.length === 1) return (present[0] as SessionProvider)[verb](turn);
      return [
        {
          type: 'card',
          card: renderCard(NOTICE, {
            title: m('sessions-which-title'),
            text: m('sessions-which', { verb: m(`sessions-ask-${verb}`) }),
            style: 'default',
            footnote: '',
            buttons: present.map((p) => ({
              title: m(`sessions-pick-${p.keywords[0]}`),
              verb: 'help.run',
              data: { verb: 'help.run', command: `${words[0] ?? verb} ${p.keywords[0]}` },
              style: 'default' as const,
            })),
          }),
        },
      ];
    });
  }
}
