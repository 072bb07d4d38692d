import { type AdaptiveCard, NOTICE, renderCard } from '../cards';
import { say } from '../content/pack';
import type { Deps } from '../deps';
import { type Maintenance, registerFeatures } from '../features';
import type { ClaimedReminder } from '../guided/reminders';
import { errorSummary } from '../log';
import { isBusy } from '../storage/store';
import { Boards } from './boards';
import { BotRouter } from './router';
import { cleanIncomingText } from './text';
import {
  type ActionOutcome,
  type ActionTurn,
  cardNow,
  type LazyCard,
  type Reply,
  type SearchResult,
  type SearchTurn,
  type TurnInfo,
} from './turn';

/** Longest message the bot reads; longer ones get a kind reply instead of being processed. */
export const MAX_MESSAGE_CHARS = 4000;

/** A typed message as the bot receives it, before any policy is applied. */
export interface IncomingMessage extends TurnInfo {
  /** The text with the bot's @mention removed. */
  text: string;
  /** Whether the message @mentions the bot (in group chats and channels the bot answers only those). */
  mentionsBot: boolean;
}

/** What to do with the answer to a card action, whatever the Teams SDK. */
export interface ActionDelivery {
  /** The answer to a Universal Action (replaces the clicked card for the clicker): a card or a short text. */
  answer: { card: AdaptiveCard } | { text: string };
  /** Edit the clicked message, for everyone who can see it, to this card (rendered when sent: cardNow). */
  updateMessage?: LazyCard;
  /** Messages to post to the conversation. */
  replies: Reply[];
  /** With `updateMessage`: the edited message is this session's live board. */
  board?: string;
}

export type SearchAnswer = { results: SearchResult[] } | { message: string };

export interface CreateBotOptions {
  /** Mounts features on the router; the real set by default. */
  register?: (router: BotRouter, deps: Deps) => Maintenance | undefined;
}

/** The bot, free of any Teams SDK: what each kind of turn gets back. The Teams binding only carries it out. */
export interface Bot {
  router: BotRouter;
  maintenance: Maintenance;
  message(turn: IncomingMessage): Promise<Reply[]>;
  action(turn: ActionTurn): Promise<ActionDelivery>;
  search(turn: SearchTurn): Promise<SearchAnswer>;
  welcome(turn: TurnInfo): Promise<Reply[]>;
  /** What to post to the reminder's conversation now it is due (empty: nothing to send). Throws when it cannot tell. */
  reminder(reminder: ClaimedReminder): Promise<Reply[]>;
  /**
   * The binding reports that message `messageId` now shows live board `board`; the answer is the
   * earlier copy to replace with a pointer to it, if any (one live board per chat).
   */
  boardShown(
    turn: TurnInfo,
    board: string,
    messageId: string,
  ): Promise<{ messageId: string; card: AdaptiveCard } | undefined>;
  /** The message showing live board `board` now, if known, and the pointer an older copy shows instead. */
  liveBoard(turn: TurnInfo, board: string): Promise<{ messageId: string; pointer: AdaptiveCard } | undefined>;
}

/**
 * Builds the bot: mounts the features, and owns every policy that is not Teams-specific: the mention
 * gate, the length limit, error replies (never the error's text), "try again" when storage is busy,
 * and the rule for which answers the rest of a group may see.
 */
export function createBot(deps: Deps, options: CreateBotOptions = {}): Bot {
  const { log, content } = deps;
  const router = new BotRouter();
  const features = (options.register ?? registerFeatures)(router, deps) ?? { sweep: async () => 0 };
  const boards = new Boards(deps.store, (board) => {
    // "mapping:<session id>": the button shows the presser the board in place of this copy.
    const [kind, sid] = [board.slice(0, board.indexOf(':')), board.slice(board.indexOf(':') + 1)];
    return renderCard(NOTICE, {
      title: say(content, 'guided-board-moved-title'),
      text: say(content, 'guided-board-moved'),
      style: 'default',
      footnote: '',
      buttons:
        kind && sid
          ? [{ title: say(content, 'guided-board-show-here'), verb: `${kind}.resume`, data: { sid }, style: 'default' }]
          : [],
    });
  });
  const maintenance: Maintenance = {
    sweep: async (now) => (await features.sweep(now)) + (await boards.sweep(now, deps.config.retentionDays)),
    prepare: () => features.prepare?.(),
  };

  /** Logs a failure by reference and type (never the text) and gives the words to show. */
  const fail = (info: TurnInfo, feature: string, activityType: string, err: unknown): string => {
    const ref = info.correlationId;
    if (isBusy(err)) {
      log.warn({ ref, feature, activityType }, 'storage busy: the user was asked to retry');
      return say(content, 'store-busy');
    }
    log.error({ ref, feature, activityType, err: errorSummary(err) }, 'turn failed');
    return say(content, 'error', { ref });
  };

  /** A command a button asked for: routed as if typed; a button may never reach free-text search. */
  const runCommand = async (turn: ActionTurn, run: NonNullable<ActionOutcome['run']>): Promise<Reply[]> => {
    const route = router.handles(run.command) ? router.routeMessage(run.command) : undefined;
    return route ? route.handler({ ...turn, text: run.command }, route.args) : run.otherwise;
  };

  const unknownAction = (info: TurnInfo): string => {
    log.warn({ ref: info.correlationId, activityType: 'action' }, 'unknown card action');
    return say(content, 'unknown-action');
  };

  return {
    router,
    maintenance,

    async message(turn) {
      if (turn.conversation.kind !== 'personal' && !turn.mentionsBot) return [];
      const text = cleanIncomingText(turn.text);
      if (!text) return [];
      if (text.length > MAX_MESSAGE_CHARS)
        return [{ type: 'text', text: say(content, 'message-too-long', { max: MAX_MESSAGE_CHARS }) }];
      const route = router.routeMessage(text);
      if (!route) return [];
      try {
        return await route.handler({ ...turn, text }, route.args);
      } catch (err) {
        return [{ type: 'text', text: fail(turn, route.feature, 'message', err) }];
      }
    },

    async action(turn) {
      const route = router.routeAction(turn.verb);
      if (!route) {
        const words = unknownAction(turn);
        return turn.via === 'execute'
          ? { answer: { text: words }, replies: [] }
          : { answer: { text: words }, replies: [{ type: 'text', text: words }] };
      }
      try {
        const outcome = await route.handler(turn);
        const group = turn.conversation.kind !== 'personal';
        const replies = [...(outcome.replies ?? []), ...(outcome.run ? await runCommand(turn, outcome.run) : [])];
        if (turn.via === 'execute') {
          return {
            answer: outcome.card
              ? { card: outcome.card }
              : { text: say(content, replies.length > 0 ? 'action-posted' : 'action-done') },
            // In a group, the board everyone shares is edited too, so all see the same.
            updateMessage: outcome.card && outcome.shared && group ? (outcome.everyone ?? outcome.card) : undefined,
            board: outcome.shared && group ? outcome.board : undefined,
            replies,
          };
        }
        // Action.Submit (older clients): the only way to show a card is to edit the shared message,
        // so a card for the clicker alone (which may hold what they typed) is never shown that way.
        if (outcome.card && (!group || outcome.shared || outcome.public)) {
          // Never someone's own view: in a group the message shows what everyone may see and use.
          const shown = group ? cardNow(outcome.everyone ?? outcome.card) : outcome.card;
          return { answer: { card: shown }, updateMessage: shown, board: group ? outcome.board : undefined, replies };
        }
        if (outcome.card) {
          const notice = outcome.notice ?? say(content, 'submit-private');
          replies.unshift({ type: 'text', text: `${turn.actor.name}: ${notice}` });
        }
        return { answer: { text: say(content, 'action-done') }, replies };
      } catch (err) {
        const words = fail(turn, route.feature, 'action', err);
        return { answer: { text: words }, replies: turn.via === 'submit' ? [{ type: 'text', text: words }] : [] };
      }
    },

    async search(turn) {
      const handler = router.searchHandler;
      if (!handler) return { results: [] };
      try {
        return { results: await handler(turn) };
      } catch (err) {
        return { message: fail(turn, 'search', 'search', err) };
      }
    },

    async boardShown(turn, board, messageId) {
      if (turn.conversation.kind === 'personal') return undefined;
      try {
        return await boards.shown(turn.conversation.id, board, messageId);
      } catch (err) {
        // Bookkeeping only: a failure leaves an older copy as it was, never fails the turn.
        log.warn({ ref: turn.correlationId, err: errorSummary(err) }, 'live board could not be recorded');
        return undefined;
      }
    },

    async liveBoard(turn, board) {
      if (turn.conversation.kind === 'personal') return undefined;
      try {
        return await boards.live(turn.conversation.id, board);
      } catch (err) {
        // Bookkeeping only: without it the change goes to the message that was pressed, as before.
        log.warn({ ref: turn.correlationId, err: errorSummary(err) }, 'live board could not be read');
        return undefined;
      }
    },

    async reminder(reminder) {
      const handler = router.reminderHandler(reminder.kind);
      if (!handler) {
        log.warn({ kind: reminder.kind }, 'no handler for a reminder of this kind: not sent');
        return [];
      }
      return handler(reminder);
    },

    async welcome(turn) {
      const handler = router.welcomeHandler;
      if (!handler) return [];
      try {
        return await handler(turn);
      } catch (err) {
        return [{ type: 'text', text: fail(turn, 'welcome', 'conversationUpdate', err) }];
      }
    },
  };
}
