import { GuidedError } from '../../guided/kernel';
import {
  cleanText,
  type MappingSession,
  QUESTIONS,
  type QuestionId,
  type SubheadingId,
  scoreStats,
} from '../mapping/model';

/**
 * A map's reviews over time, as a pure model: each round is what the map said when the round was
 * recorded (its items under each question and its revealed scores), marked against the round before.
 * History keeps numbers, dates and item texts only: no names, no reasons, no score-to-person link
 * (scores are kept sorted), so it can live exactly as long as the map and no longer.
 */

/** How an item stands against the previous round. */
export type ItemStatus = 'carried' | 'changed' | 'resolved' | 'added';

export interface RoundItem {
  /** The map's item id (i1, i2…), so the next round can tell an edit from a new item. */
  id: string;
  question: QuestionId;
  subheading: SubheadingId;
  text: string;
  status: ItemStatus;
  /** For a changed item: its wording in the previous round. */
  was?: string;
}

export interface Round {
  /** 1 for the first mapping, 2 for the first review… */
  n: number;
  /** The map the round was taken from: item ids are only compared within one map. */
  map: string;
  /** When the round was recorded (epoch ms). */
  at: number;
  /** Its calendar day (UTC, YYYY-MM-DD), as shown in the history. */
  date: string;
  /** The revealed scores, lowest first; empty when the round was recorded before any reveal. */
  scores: number[];
  median?: number;
  /** Highest minus lowest. */
  spread?: number;
  /** The round's items, question by question; resolved items are last round's, kept to show what went. */
  items: RoundItem[];
}

export interface RoundHistory {
  v: 1;
  rounds: Round[];
}

export const emptyHistory = (): RoundHistory => ({ v: 1, rounds: [] });

/** The items still on the map in a round (resolved ones are gone). */
export const openItems = (round: Round): RoundItem[] => round.items.filter((i) => i.status !== 'resolved');

/** Scores enter history only once revealed: in a group they are private until then. */
function revealedScores(session: MappingSession): number[] {
  if (!session.revealed) return [];
  return session.scores.map((s) => s.score).sort((a, b) => a - b);
}

/** Text as compared between rounds: the stored normalisation, case and spacing aside. */
export const sameText = (a: string, b: string): boolean => comparable(a) === comparable(b);
export const comparable = (text: string): string => cleanText(text).toLocaleLowerCase('en-GB').replace(/\s+/g, ' ');

/**
 * The round a session stands at, marked against `previous`. An item is matched first by id when
 * the round is of the same map (the item carried into the review: same words is carried, new words
 * is changed), then by its words under the same question (a map rebuilt as a new one); anything
 * unmatched is added, and anything of the previous round not matched is resolved.
 */
export function roundFrom(session: MappingSession, previous: Round | undefined, now: number): Round {
  const scores = revealedScores(session);
  const stats = scoreStats(session.revealed ? session.scores : []);
  const before = previous ? openItems(previous) : [];
  const matched = new Set<RoundItem>();
  const sameMap = previous?.map === session.id;
  const items: RoundItem[] = [];
  for (const question of QUESTIONS) {
    const current = session.items.filter((i) => i.question === question);
    const was = before.filter((i) => i.question === question);
    const marked = current.map((item): RoundItem => {
      const base = { id: item.id, question, subheading: item.subheading, text: item.text };
      if (!previous) return { ...base, status: 'added' };
      const byId = sameMap ? was.find((w) => w.id === item.id && !matched.has(w)) : undefined;
      if (byId) {
        matched.add(byId);
        return sameText(byId.text, item.text)
          ? { ...base, status: 'carried' }
          : { ...base, status: 'changed', was: byId.text };
      }
      return { ...base, status: 'added' };
    });
    // Second pass: same words, different id (a map rebuilt rather than carried).
    for (const item of marked) {
      if (item.status !== 'added' || !previous) continue;
      const byText = was.find((w) => !matched.has(w) && sameText(w.text, item.text));
      if (byText) {
        matched.add(byText);
        item.status = 'carried';
      }
    }
    items.push(...marked);
    for (const w of was) if (!matched.has(w)) items.push({ ...stripWas(w), status: 'resolved' });
  }
  return {
    n: (previous?.n ?? 0) + 1,
    map: session.id,
    at: now,
    date: new Date(now).toISOString().slice(0, 10),
    scores,
    ...(stats ? { median: stats.median, spread: stats.spread } : {}),
    items,
  };
}

function stripWas(item: RoundItem): Omit<RoundItem, 'status'> {
  const { was: _was, status: _status, ...rest } = item;
  return rest;
}

/**
 * Adds the session as the next round (`mode: 'new'`, when a review is recorded) or records it again
 * as the latest round (`mode: 'update'`, when a round is closed again after a reopen). A round
 * dated before the one it follows is refused.
 */
export function recordRound(
  history: RoundHistory,
  session: MappingSession,
  now: number,
  mode: 'new' | 'update' = 'new',
): RoundHistory {
  const rounds = mode === 'update' ? history.rounds.slice(0, -1) : history.rounds;
  const previous = rounds[rounds.length - 1];
  if (previous && now < previous.at) throw new GuidedError('BadDate', { why: 'before-previous-round' });
  const round = roundFrom(session, previous, now);
  return { v: 1, rounds: [...rounds, round] };
}

/** A whole history from snapshots of the map taken at each round, oldest first. */
export function historyFrom(snapshots: { session: MappingSession; at: number }[]): RoundHistory {
  return snapshots.reduce((h, s) => recordRound(h, s.session, s.at), emptyHistory());
}

export type StatusCounts = Record<ItemStatus, number>;

/** This round beside the last, per question: how many items were added, changed, resolved, carried. */
export function changesByQuestion(round: Round): Record<QuestionId, StatusCounts> {
  const out = {} as Record<QuestionId, StatusCounts>;
  for (const q of QUESTIONS) out[q] = { carried: 0, changed: 0, resolved: 0, added: 0 };
  for (const item of round.items) out[item.question][item.status] += 1;
  return out;
}

/** One point of the score history, for a chart or its text equivalent. */
export interface TrendPoint {
  n: number;
  date: string;
  median: number;
  spread: number;
  count: number;
}

/** The rounds that have revealed scores, oldest first. */
export function trend(history: RoundHistory): TrendPoint[] {
  return history.rounds.flatMap((r) =>
    r.median === undefined || r.spread === undefined
      ? []
      : [{ n: r.n, date: r.date, median: r.median, spread: r.spread, count: r.scores.length }],
  );
}

/**
 * Takes items out of every round (for "forget me": the caller passes the ids of the items the
 * person wrote, read from the map before it forgets them). History holds no names, so it cannot
 * find a person's items by itself.
 */
export function forgetItems(history: RoundHistory, itemIds: readonly string[]): RoundHistory {
  const gone = new Set(itemIds);
  return { v: 1, rounds: history.rounds.map((r) => ({ ...r, items: r.items.filter((i) => !gone.has(i.id)) })) };
}
