import { DAY_MS } from '../bot/dates';

/** Pure rules shared by every guided session (mapping, supervision): no storage, no SDK. */

/** What every guided session has, whatever its flow. */
export interface SessionRecord {
  id: string;
  status: 'active' | 'closed';
  updatedAt: number;
  /** Kept until this time instead of the retention period after its last change (a map with a review). */
  keepUntil?: number;
}

/** The result of applying a command: the new record, and whether anything changed. */
export interface Applied<T> {
  session: T;
  changed: boolean;
}

/** When a session goes: at its `keepUntil` when it has one, else the retention period after its last change. */
export function expiresAt(session: Pick<SessionRecord, 'updatedAt' | 'keepUntil'>, retentionDays: number): number {
  return session.keepUntil ?? session.updatedAt + retentionDays * DAY_MS;
}

/** Whether a session has been left alone past the retention period (or past its `keepUntil`). */
export function isExpired(
  session: Pick<SessionRecord, 'updatedAt' | 'keepUntil'>,
  now: number,
  retentionDays: number,
): boolean {
  return now > expiresAt(session, retentionDays);
}
