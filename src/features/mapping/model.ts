import {
  applyOnce,
  checkRevision,
  forgetParticipant,
  type Applied as GenericApplied,
  GuidedError,
  type GuidedRecord,
  limitedText,
  type Person,
  requireAuthorOrLead,
  requireLead,
} from '../../guided/kernel';
import { normaliseText } from '../../privacy/normalise';
import { emptyHistory, forgetItems, openItems, type RoundHistory, recordRound } from '../reviews/rounds';

/**
 * A Signs of Safety mapping session as a pure state machine: no Teams, no storage, no clock of its
 * own. Handlers load a session, `apply` a command, and store the result; the same command applied
 * twice (a Teams resend, a retry after a storage conflict) has one effect.
 */

export type QuestionId = 'worries' | 'working' | 'needs';
export const QUESTIONS: readonly QuestionId[] = ['worries', 'working', 'needs'];

export const SUBHEADINGS = {
  worries: ['past-harm', 'future-danger', 'complicating-factors'],
  working: ['existing-strengths', 'existing-safety'],
  needs: ['safety-goals', 'next-steps'],
} as const satisfies Record<QuestionId, readonly string[]>;
export type SubheadingId = (typeof SUBHEADINGS)[QuestionId][number];

/** Where the conversation is. Closed is a status, not a step, so a closed map keeps its last step. */
export type Step =
  | { kind: 'question'; question: QuestionId }
  | { kind: 'checkpoint'; after: QuestionId; promptIds: string[] }
  | { kind: 'scaling' }
  | { kind: 'summary' };

/** Steps a person can jump to. */
export type Destination = QuestionId | 'scaling' | 'summary';

export type { Person };

export interface MapItem {
  id: string;
  question: QuestionId;
  subheading: SubheadingId;
  text: string;
  author: Person;
  createdAt: number;
  editedAt?: number;
}

export interface Score {
  person: Person;
  score: number;
  reason: string;
  /** "What would one point higher look like?" */
  higher?: string;
  at: number;
}

export interface MappingSession extends GuidedRecord {
  v: 1;
  /** Group sessions score privately until revealed; personal sessions show a score at once. */
  setting: 'personal' | 'group';
  facilitator: Person;
  step: Step;
  items: MapItem[];
  scores: Score[];
  revealed: boolean;
  /** Prompt ids already shown in this session, so checkpoints do not repeat themselves. */
  usedPrompts: string[];
  /** Prompts shown with the revealed scores (a wide spread, all high, one point higher). */
  scalingPrompts: string[];
  /** Reflective questions someone chose to keep in view ("use this in our map"), newest last. */
  pinned: string[];
  nextItem: number;
  /** The round the map is in: 1 for the first mapping, 2 for the first review… (absent: 1). */
  round?: number;
  /** Every recorded round (numbers, dates and item texts only), kept with the map and deleted with it. */
  history?: RoundHistory;
  /** The next review, when the facilitator set one: the map is kept until `keepUntil` instead of the usual retention. */
  review?: { dueAt: number; reminder: string };
  /** With a review: the map is kept until then (review plus grace, capped after the first round). */
  keepUntil?: number;
  /** In a review round: items of the last round the group marked as still true. */
  stillTrue?: string[];
  /** Items resolved in a review, with who wrote them, so "forget me" can take them out of the history too. */
  retired?: { id: string; author: string }[];
  /** The step a jump to the summary came from: its "Back to the map" returns there, not to the step before it. */
  backTo?: Step;
}

export interface Limits {
  labelChars: number;
  itemChars: number;
  itemsPerSession: number;
  itemsPerSubmit: number;
  reasonChars: number;
}

export const DEFAULT_LIMITS: Limits = {
  labelChars: 40,
  itemChars: 500,
  itemsPerSession: 150,
  itemsPerSubmit: 20,
  reasonChars: 500,
};

/** Reflective questions kept in view on a map at once. */
export const MAX_PINNED = 4;

export type Command =
  | { type: 'join' }
  | { type: 'addItems'; question: QuestionId; subheading: SubheadingId; texts: string[] }
  | { type: 'editItem'; itemId: string; text: string }
  | { type: 'removeItem'; itemId: string }
  | { type: 'next'; revision: number }
  | { type: 'back'; revision: number }
  | { type: 'goto'; to: Destination; revision: number }
  | { type: 'score'; score: number; reason: string }
  | { type: 'reveal'; revision: number }
  | { type: 'rescale'; revision: number }
  | { type: 'higher'; text: string }
  | { type: 'pin'; promptId: string }
  | { type: 'close'; revision?: number }
  | { type: 'reopen' }
  /** The facilitator sets (or moves) the review; `dueAt` and `keepUntil` come from reviews/schedule.ts. */
  | { type: 'setReview'; dueAt: number; keepUntil: number; reminder: string }
  | { type: 'clearReview' }
  /** A review round: the map opens again at the first question with last round's items to mark. */
  | { type: 'startReview' }
  | { type: 'stillTrue'; itemId: string }
  /** An item of the last round that no longer holds: it leaves the map and shows as resolved. */
  | { type: 'resolveItem'; itemId: string };

export interface CommandContext {
  actor: Person;
  now: number;
  /** The activity id: the same id is only ever applied once. */
  commandId: string;
  limits?: Limits;
  /** Picks checkpoint prompts for the question just finished (ids from the prompt bank). */
  checkpoint?: (session: MappingSession, after: QuestionId) => string[];
  /** Picks prompts to show with revealed scores. */
  scalingPrompts?: (session: MappingSession) => string[];
}

/** The new session, and whether anything changed (false for a command applied before). */
export type Applied = GenericApplied<MappingSession>;

/** A new session, at the first question, with the starter as facilitator. */
export function startSession(input: {
  id: string;
  label: string;
  setting: 'personal' | 'group';
  facilitator: Person;
  now: number;
  commandId: string;
  limits?: Limits;
}): MappingSession {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const label = cleanText(input.label);
  if (!label) throw new GuidedError('Empty', { field: 'label' });
  if (label.length > limits.labelChars) throw new GuidedError('TooLong', { field: 'label', max: limits.labelChars });
  return {
    v: 1,
    id: input.id,
    setting: input.setting,
    label,
    facilitator: input.facilitator,
    participants: [input.facilitator],
    status: 'active',
    step: { kind: 'question', question: 'worries' },
    revision: 1,
    items: [],
    scores: [],
    revealed: false,
    usedPrompts: [],
    scalingPrompts: [],
    pinned: [],
    nextItem: 1,
    createdAt: input.now,
    updatedAt: input.now,
    applied: [input.commandId],
  };
}

/** Commands that add to the map without moving it: the facilitator's steering buttons stay current. */
const CONTRIBUTIONS: ReadonlySet<Command['type']> = new Set([
  'join',
  'addItems',
  'editItem',
  'removeItem',
  'stillTrue',
  'resolveItem',
  'setReview',
  'clearReview',
  'score',
  'higher',
  'pin',
]);

/**
 * Applies one command. Throws GuidedError (and changes nothing) when the command is not allowed,
 * stale or malformed; returns the same session unchanged for a command it has already applied.
 */
export function apply(session: MappingSession, command: Command, ctx: CommandContext): Applied {
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  // In a group, the facilitator steers; in a personal chat there is only the facilitator.
  const steer = (revision?: number) => {
    checkRevision(session, revision);
    requireLead(session.facilitator, ctx);
  };
  return applyOnce(
    session,
    ctx,
    (next) => {
      switch (command.type) {
        case 'join':
          break;
        case 'addItems': {
          if (!(SUBHEADINGS[command.question] as readonly string[]).includes(command.subheading)) {
            throw new GuidedError('InvalidSubmission');
          }
          const texts = command.texts.map(cleanText).filter((t) => t.length > 0);
          if (texts.length === 0) throw new GuidedError('Empty', { field: 'item' });
          if (texts.length > limits.itemsPerSubmit) throw new GuidedError('TooMany', { max: limits.itemsPerSubmit });
          const long = texts.find((t) => t.length > limits.itemChars);
          if (long) throw new GuidedError('TooLong', { field: 'item', max: limits.itemChars, length: long.length });
          if (session.items.length + texts.length > limits.itemsPerSession) {
            throw new GuidedError('TooMany', {
              max: limits.itemsPerSession,
              left: limits.itemsPerSession - session.items.length,
            });
          }
          for (const text of texts) {
            next.items.push({
              id: `i${next.nextItem++}`,
              question: command.question,
              subheading: command.subheading,
              text,
              author: ctx.actor,
              createdAt: ctx.now,
            });
          }
          break;
        }
        case 'editItem':
        case 'removeItem': {
          const index = next.items.findIndex((i) => i.id === command.itemId);
          const item = next.items[index];
          if (!item) throw new GuidedError('NotFound');
          requireAuthorOrLead(item.author, session.facilitator, ctx);
          if (command.type === 'removeItem') {
            next.items.splice(index, 1);
            retire(next, item);
          } else {
            item.text = limitedText(cleanText, 'item', command.text, limits.itemChars);
            item.editedAt = ctx.now;
          }
          break;
        }
        case 'stillTrue':
        case 'resolveItem': {
          const index = next.items.findIndex((i) => i.id === command.itemId);
          const item = next.items[index];
          if (!item) throw new GuidedError('NotFound');
          // Only an item carried from the last round can be marked: a new one has nothing to be checked against.
          if (!carriedIds(session).has(item.id)) throw new GuidedError('WrongStep', { why: 'not-carried' });
          requireAuthorOrLead(item.author, session.facilitator, ctx);
          if (command.type === 'resolveItem') {
            next.items.splice(index, 1);
            retire(next, item);
            next.stillTrue = (next.stillTrue ?? []).filter((id) => id !== item.id);
          } else {
            next.stillTrue = [...new Set([...(next.stillTrue ?? []), item.id])];
          }
          break;
        }
        case 'setReview':
          steer();
          next.review = { dueAt: command.dueAt, reminder: command.reminder };
          next.keepUntil = command.keepUntil;
          break;
        case 'clearReview':
          steer();
          delete next.review;
          delete next.keepUntil;
          break;
        case 'startReview': {
          steer();
          const history = session.history ?? emptyHistory();
          if (history.rounds.length < (session.round ?? 1)) throw new GuidedError('WrongStep', { why: 'no-round' });
          next.status = 'active';
          next.round = (session.round ?? 1) + 1;
          next.step = { kind: 'question', question: 'worries' };
          delete next.backTo;
          next.scores = [];
          next.revealed = false;
          next.scalingPrompts = [];
          next.stillTrue = [];
          // The review is under way: the reminder has done its work, and the usual retention applies again.
          delete next.review;
          delete next.keepUntil;
          break;
        }
        case 'next':
          steer(command.revision);
          next.step = stepAfter(next, ctx);
          delete next.backTo;
          break;
        case 'back':
          steer(command.revision);
          next.step = session.step.kind === 'summary' && session.backTo ? session.backTo : stepBefore(session.step);
          delete next.backTo;
          break;
        case 'goto':
          steer(command.revision);
          next.step = destinationStep(command.to);
          // Jumping to the summary from elsewhere on the map: "Back to the map" goes back to where the person was.
          if (command.to === 'summary' && session.step.kind !== 'summary') next.backTo = session.step;
          else delete next.backTo;
          break;
        case 'score': {
          if (!Number.isInteger(command.score) || command.score < 0 || command.score > 10) {
            throw new GuidedError('OutOfRange', { max: 10 });
          }
          // In a group, numbers are fixed once revealed (the facilitator can start scaling again).
          if (session.revealed && session.setting === 'group') throw new GuidedError('WrongStep', { why: 'revealed' });
          const reason = cleanText(command.reason);
          if (reason.length > limits.reasonChars)
            throw new GuidedError('TooLong', { field: 'reason', max: limits.reasonChars, length: reason.length });
          next.scores = next.scores.filter((s) => s.person.id !== ctx.actor.id);
          next.scores.push({ person: ctx.actor, score: command.score, reason, at: ctx.now });
          // With one person there is nothing to keep private.
          if (session.setting === 'personal') {
            reveal(next, ctx);
            record(next, ctx.now);
          }
          break;
        }
        case 'reveal':
          steer(command.revision);
          if (session.scores.length === 0) throw new GuidedError('WrongStep', { why: 'no-scores' });
          reveal(next, ctx);
          record(next, ctx.now);
          break;
        case 'rescale':
          steer(command.revision);
          next.scores = [];
          next.revealed = false;
          next.scalingPrompts = [];
          next.step = { kind: 'scaling' };
          delete next.backTo;
          break;
        case 'higher': {
          const text = limitedText(cleanText, 'higher', command.text, limits.reasonChars);
          const mine = next.scores.find((s) => s.person.id === ctx.actor.id);
          if (!mine || !session.revealed) throw new GuidedError('WrongStep', { why: 'not-scored' });
          mine.higher = text;
          break;
        }
        case 'pin':
          // Keep the latest few in view; an already pinned question moves to the end.
          next.pinned = [...(next.pinned ?? []).filter((id) => id !== command.promptId), command.promptId].slice(
            -MAX_PINNED,
          );
          break;
        case 'close':
          steer(command.revision);
          next.status = 'closed';
          next.step = { kind: 'summary' };
          delete next.backTo;
          record(next, ctx.now);
          break;
        case 'reopen':
          steer();
          next.status = 'active';
          break;
      }
    },
    {
      whenClosed:
        command.type === 'reopen' ||
        command.type === 'setReview' ||
        command.type === 'clearReview' ||
        command.type === 'startReview',
      moves: !CONTRIBUTIONS.has(command.type),
    },
  );
}

/**
 * Records the map's current round in its history: the first time as a new round, after that (a
 * reveal then a close, a close after a reopen) as an update of the same round.
 */
function record(session: MappingSession, now: number): void {
  const history = session.history ?? emptyHistory();
  const round = session.round ?? 1;
  const mode = history.rounds.length >= round ? 'update' : 'new';
  const before = history.rounds[mode === 'update' ? history.rounds.length - 2 : history.rounds.length - 1];
  // Another instance's clock a little behind never refuses a close: the round is dated no earlier than the last.
  session.history = recordRound(history, session, Math.max(now, before?.at ?? now), mode);
}

/** The last recorded round before the one the map is in (the one a review is marked against). */
export function previousRound(session: MappingSession) {
  const round = session.round ?? 1;
  return session.history?.rounds.find((r) => r.n === round - 1);
}

/** Items on the map now that were there at the last round (a review marks these). */
export function carriedIds(session: MappingSession): Set<string> {
  const previous = previousRound(session);
  return new Set(previous ? openItems(previous).map((i) => i.id) : []);
}

/** Keeps who wrote an item that left the map while it has a history, for "forget me". */
function retire(session: MappingSession, item: MapItem): void {
  if (!session.history || session.history.rounds.length === 0) return;
  session.retired = [...(session.retired ?? []), { id: item.id, author: item.author.id }].slice(-500);
}

function reveal(session: MappingSession, ctx: CommandContext): void {
  session.revealed = true;
  const fresh = (ctx.scalingPrompts?.(session) ?? []).filter((id) => !session.scalingPrompts.includes(id));
  if (fresh.length > 0 || session.scalingPrompts.length === 0) {
    session.scalingPrompts = fresh;
    session.usedPrompts = [...new Set([...session.usedPrompts, ...fresh])];
  }
}

/** The step after this one: a checkpoint follows each question when it has prompts to offer. */
function stepAfter(session: MappingSession, ctx: CommandContext): Step {
  const step = session.step;
  switch (step.kind) {
    case 'question': {
      const promptIds = ctx.checkpoint?.(session, step.question) ?? [];
      if (promptIds.length > 0) {
        session.usedPrompts = [...session.usedPrompts, ...promptIds];
        return { kind: 'checkpoint', after: step.question, promptIds };
      }
      return questionAfter(step.question);
    }
    case 'checkpoint':
      return questionAfter(step.after);
    case 'scaling':
      return { kind: 'summary' };
    case 'summary':
      return { kind: 'summary' };
  }
}

function questionAfter(q: QuestionId): Step {
  const i = QUESTIONS.indexOf(q);
  const nextQuestion = QUESTIONS[i + 1];
  return nextQuestion ? { kind: 'question', question: nextQuestion } : { kind: 'scaling' };
}

function stepBefore(step: Step): Step {
  switch (step.kind) {
    case 'question': {
      const previous = QUESTIONS[QUESTIONS.indexOf(step.question) - 1];
      return previous ? { kind: 'question', question: previous } : step;
    }
    case 'checkpoint':
      return { kind: 'question', question: step.after };
    case 'scaling':
      return { kind: 'question', question: 'needs' };
    case 'summary':
      return { kind: 'scaling' };
  }
}

function destinationStep(to: Destination): Step {
  if (to === 'scaling') return { kind: 'scaling' };
  if (to === 'summary') return { kind: 'summary' };
  return { kind: 'question', question: to };
}

/**
 * The one normaliser for stored text (NFKC, format and control characters out, spaces and dashes
 * unified, trimmed): the guard checks exactly what the model keeps.
 */
export const cleanText = normaliseText;

/** Splits a pasted block into one item per line (bullets and numbering removed). */
export function splitItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*\u2022\u2023\u25e6]|\d+[.)])\s+/, ''))
    .map(cleanText)
    .filter((line) => line.length > 0);
}

/** Scores summary once revealed: median and spread (highest minus lowest). */
export function scoreStats(
  scores: Score[],
): { count: number; median: number; spread: number; min: number; max: number } | undefined {
  if (scores.length === 0) return undefined;
  const values = scores.map((s) => s.score).sort((a, b) => a - b);
  const mid = Math.floor(values.length / 2);
  const median =
    values.length % 2 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
  const min = values[0] as number;
  const max = values[values.length - 1] as number;
  return { count: values.length, median, spread: max - min, min, max };
}

/**
 * Removes everything one person contributed (items, score, name) for "forget me" in a group chat.
 * Others' contributions stay: when the person facilitates, the longest-standing remaining participant
 * takes over. Returns undefined (the map is deleted) only when nobody else is left in it.
 */
export function forgetPerson(session: MappingSession, personId: string, now: number): MappingSession | undefined {
  return forgetParticipant(
    session,
    personId,
    now,
    (s) => s.facilitator,
    (s, facilitator) => {
      // The person's item ids, read before the map forgets them, so every round forgets them too.
      const theirs = [
        ...s.items.filter((i) => i.author.id === personId).map((i) => i.id),
        ...(s.retired ?? []).filter((r) => r.author === personId).map((r) => r.id),
      ];
      return {
        ...s,
        facilitator,
        items: s.items.filter((i) => i.author.id !== personId),
        scores: s.scores.filter((x) => x.person.id !== personId),
        ...(s.history ? { history: forgetItems(s.history, theirs) } : {}),
        ...(s.retired ? { retired: s.retired.filter((r) => r.author !== personId) } : {}),
        ...(s.stillTrue ? { stillTrue: s.stillTrue.filter((id) => !theirs.includes(id)) } : {}),
      };
    },
  );
}
