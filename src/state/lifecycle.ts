import { DAY_MS } from '../bot/dates';

/** Pure rules shared by every guided session (mapping, supervision): no storage, no SDK. */

/** What every guided session has, whatever its flow. */
export interface SessionRecord {
  id: string;
  status: 'active' | 'closed';
  updatedAt: number;
}

/** The result of applying a command: the new record, and whether anything changed. */
export interface Applied<T> {
  session: T;
  changed: boolean;
}

/** Whether a session has been left alone past the retention period. */
export function isExpired(session: Pick<SessionRecord, 'updatedAt'>, now: number, retentionDays: number): boolean {
  return now - session.updatedAt > retentionDays * DAY_MS;
}
