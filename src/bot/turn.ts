import type { AdaptiveCard } from '../cards';

/**
 * The bot's view of a turn, free of any Teams SDK type, so features can be tested as plain code and
 * a move to another Teams SDK only touches src/teams/.
 */

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface Actor {
  /** The Teams user id (29:...); the stable key for authorship and permissions. */
  id: string;
  /** Display name as Teams gives it; shown to other participants in group chats. */
  name: string;
  /** Entra ID object id, when Teams sends it; practice leads may be listed by either id. */
  aadObjectId?: string;
  /** Teams sent no name (some install events): `name` is a stand-in, not one to greet or @mention. */
  unnamed?: true;
}

/**
 * Where a proactive message to a conversation goes (a reminder): opaque to the bot, filled by the
 * binding (for Teams, the conversation reference without the person who acted) and stored with the
 * reminder, so it goes when the reminder goes.
 */
export type ConversationAddress = Record<string, unknown>;

export interface TurnInfo {
  /** The incoming activity's id: the key for duplicate detection and idempotent commands. */
  activityId: string;
  conversation: { id: string; kind: ConversationKind; tenantId?: string };
  actor: Actor;
  /** Short reference shown to the user and logged, to tie a complaint to a log line. */
  correlationId: string;
  /** Milliseconds since the epoch when the turn started. */
  now: number;
  /** Where a later proactive message to this conversation would go (absent in plain-code tests). */
  address?: ConversationAddress;
}

/** A message the user typed (with the bot's @mention removed). */
export interface MessageTurn extends TurnInfo {
  text: string;
}

/** A button pressed on a card: `data` is untrusted until a feature's zod schema accepts it. */
export interface ActionTurn extends TurnInfo {
  verb: string;
  data: Record<string, unknown>;
  /** `execute` = Universal Action (the reply card replaces the clicked one); `submit` = Action.Submit fallback. */
  via: 'execute' | 'submit';
}

/** A message-extension search from the compose box. */
export interface SearchTurn extends TurnInfo {
  query: string;
  skip: number;
  count: number;
}

/**
 * A message to post. A card tagged `board` is a guided session's live board ("mapping:<sid>"): the
 * chat keeps one, and older copies are replaced with a pointer to the latest (bot/boards.ts).
 */
export type Reply =
  | { type: 'card'; card: AdaptiveCard; board?: string }
  /** `mention`: the text holds `{mention}` where that person is @mentioned (Teams notifies them). */
  | { type: 'text'; text: string; mention?: { id: string; name: string } };

/**
 * What a card action produces. One rule for every client: `card` is for the person who clicked
 * unless `shared` (the group's board, shown to everyone) or `public` (nothing in it that the group
 * may not see, such as a term card). A card for the clicker alone may hold what they typed and the
 * guard refused, so it never replaces a message others can see; where a client cannot show a card
 * to one person (Action.Submit in a group), `notice` is posted instead.
 */
/** A card, or how to render it when it is needed. */
export type LazyCard = AdaptiveCard | (() => AdaptiveCard);

/** The card itself, rendered now if it was lazy. */
export function cardNow(card: LazyCard): AdaptiveCard {
  return typeof card === 'function' ? card() : card;
}

export interface ActionOutcome {
  /** Replaces the card that was clicked, for the person who clicked. */
  card?: AdaptiveCard;
  /** In a group, show the replacement card to everyone, not just the person who clicked. */
  shared?: boolean;
  /**
   * With `shared`: what the group's message shows everyone, when `card` is the clicker's own view
   * (a user-specific view with controls only they may use). Defaults to `card`. A function renders it
   * only when the shared message is actually edited: with 30 people editing, paced edits of the
   * same message replace each other, and only the one sent needs rendering.
   */
  everyone?: LazyCard;
  /** The card holds nothing private: a client that can only edit the shared message may show it to all. */
  public?: boolean;
  /** With `shared`: the shared message is this session's live board ("mapping:<sid>"). */
  board?: string;
  /** A short message that may be posted to the group in place of a private card (no user text in it). */
  notice?: string;
  /** Run this command as if it had been typed (a help card's button), or post `otherwise` if it is none. */
  run?: { command: string; otherwise: Reply[] };
  /** New messages posted to the conversation. */
  replies?: Reply[];
}

/** One result for the message extension: a preview line and the card inserted when picked. */
export interface SearchResult {
  title: string;
  subtitle: string;
  card: AdaptiveCard;
}

export const card = (c: AdaptiveCard): Reply => ({ type: 'card', card: c });
export const text = (t: string): Reply => ({ type: 'text', text: t });
