import { randomBytes } from 'node:crypto';
import type { Store } from '../storage/store';
import { hashId } from './keys';
import { type Applied, isExpired, type SessionRecord } from './lifecycle';
import { keep, put, readRecord, remove, updateRecord } from './records';

export { type Applied, isExpired, type SessionRecord };

/** The card refers to a session that is not the conversation's current one (deleted, replaced or expired). */
export class SessionNotFound extends Error {
  readonly code = 'SessionNotFound';
  constructor() {
    super('SessionNotFound');
    this.name = 'SessionNotFound';
  }
}

/**
 * Guided sessions of one kind (mapping, supervision) in the store, one per conversation. Every
 * change is a pure function run in an optimistic-concurrency retry loop, so simultaneous submits all
 * land, and expired sessions are deleted on sight and by the sweeper.
 */
export class SessionRepository<T extends SessionRecord> {
  constructor(
    private readonly store: Store,
    readonly prefix: string,
    private readonly retentionDays: number,
  ) {}

  key(conversationId: string): string {
    return `${this.prefix}${hashId(conversationId)}`;
  }

  newId(): string {
    return randomBytes(6).toString('base64url');
  }

  /** The conversation's session, if any and not expired. */
  async current(conversationId: string, now: number): Promise<T | undefined> {
    const key = this.key(conversationId);
    const session = await readRecord<T>(this.store, key);
    if (session && isExpired(session, now, this.retentionDays)) {
      await this.store.delete([key]);
      return undefined;
    }
    return session;
  }

  /** Starts a session unless one is active; the first of simultaneous starters wins. */
  async start(conversationId: string, now: number, create: () => T): Promise<{ session: T; created: boolean }> {
    return updateRecord<T, { session: T; created: boolean }>(this.store, this.key(conversationId), (current) => {
      if (current && current.status === 'active' && !isExpired(current, now, this.retentionDays)) {
        return keep({ session: current, created: false });
      }
      const session = create();
      return put(session, { session, created: true });
    });
  }

  /** Applies a change to session `sessionId`; throws SessionNotFound, or whatever `change` throws, leaving it untouched. */
  async update(
    conversationId: string,
    sessionId: string,
    now: number,
    change: (s: T) => Applied<T>,
  ): Promise<Applied<T>> {
    return updateRecord<T, Applied<T>>(this.store, this.key(conversationId), (current) => {
      if (!current || current.id !== sessionId || isExpired(current, now, this.retentionDays))
        throw new SessionNotFound();
      const applied = change(current);
      return applied.changed ? put(applied.session, applied) : keep(applied);
    });
  }

  /** Deletes everything stored for the session; true if there was one. */
  async delete(conversationId: string, sessionId?: string): Promise<boolean> {
    return updateRecord<T, boolean>(this.store, this.key(conversationId), (current) => {
      if (!current || (sessionId && current.id !== sessionId)) return keep(false);
      return remove(true);
    });
  }

  /** Deletes sessions left alone longer than the retention period; returns how many went. */
  async sweep(now: number): Promise<number> {
    let removed = 0;
    for (const entry of await this.store.list(this.prefix)) {
      const session = await readRecord<T>(this.store, entry.key);
      // Re-check the record itself: it may have been used since the listing.
      if (session && isExpired(session, now, this.retentionDays)) {
        await this.store.delete([entry.key]);
        removed++;
      }
    }
    return removed;
  }
}

/** Deletes records under `prefix` not written for longer than the retention period (small bookkeeping records). */
export async function sweepByAge(store: Store, prefix: string, now: number, retentionDays: number): Promise<number> {
  let removed = 0;
  for (const entry of await store.list(prefix)) {
    if (isExpired({ updatedAt: entry.updatedAt }, now, retentionDays)) {
      await store.delete([entry.key]);
      removed++;
    }
  }
  return removed;
}
