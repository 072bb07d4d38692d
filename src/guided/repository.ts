import { forgetRenderedCards } from '../cards';
import { randomPooled } from '../random';
import { hashId } from '../state/keys';
import { type Applied, isExpired, type SessionRecord } from '../state/lifecycle';
import { keep, put, readRecord, remove, updateRecord } from '../state/records';
import type { Store } from '../storage/store';

/** The card refers to a session that is not the conversation's current one (deleted, replaced or expired). */
export class SessionNotFound extends Error {
  readonly code = 'SessionNotFound';
  constructor() {
    super('SessionNotFound');
    this.name = 'SessionNotFound';
  }
}

/** Where a repository reports session access (the audit trail, bound to a session kind). */
export interface SessionAudit {
  record(
    action: 'create' | 'read' | 'update' | 'delete' | 'expire' | 'forget',
    sessionId: string,
    actorId: string,
    now: number,
  ): Promise<void>;
}

/**
 * Guided sessions of one kind (mapping, supervision) in the store, one per conversation. Every
 * change is a pure function run in an optimistic-concurrency retry loop, so simultaneous submits all
 * land, and expired sessions are deleted on sight and by the sweeper.
 */
export class GuidedRepository<T extends SessionRecord> {
  constructor(
    private readonly store: Store,
    readonly prefix: string,
    private readonly retentionDays: number,
    private readonly audit?: SessionAudit,
    /** Told when a session goes (deleted, replaced, forgotten or expired), with its storage key: its reminders go too. */
    private readonly onRemoved?: (key: string, actorId: string) => Promise<void>,
  ) {}

  private async removed(key: string, actorId: string): Promise<void> {
    await this.onRemoved?.(key, actorId);
  }

  /** Records that `actorId` saw the session (reads are audited where a person asked to see it). */
  async noteRead(session: Pick<SessionRecord, 'id'>, actorId: string, now: number): Promise<void> {
    await this.audit?.record('read', session.id, actorId, now);
  }

  key(conversationId: string): string {
    return `${this.prefix}${hashId(conversationId)}`;
  }

  newId(): string {
    return randomPooled(6).toString('base64url');
  }

  /** The conversation's session, if any and not expired (an expired one is deleted, and audited, on sight). */
  async current(conversationId: string, now: number): Promise<T | undefined> {
    const key = this.key(conversationId);
    const session = await readRecord<T>(this.store, key);
    if (session && isExpired(session, now, this.retentionDays)) {
      await this.store.delete([key]);
      await this.audit?.record('expire', session.id, 'system', now);
      await this.removed(key, 'system');
      return undefined;
    }
    return session;
  }

  /**
   * Starts a session unless the conversation already holds one, active or closed: a new session
   * never silently destroys another (see `replace`). The first of simultaneous starters wins.
   */
  async start(
    conversationId: string,
    now: number,
    create: () => T,
    actorId = 'system',
  ): Promise<{ session: T; created: boolean }> {
    let expired: string | undefined;
    const result = await updateRecord<T, { session: T; created: boolean }>(
      this.store,
      this.key(conversationId),
      (current) => {
        if (current && !isExpired(current, now, this.retentionDays)) return keep({ session: current, created: false });
        expired = current?.id;
        const session = create();
        return put(session, { session, created: true });
      },
    );
    // An expired session overwritten by the new one goes as if swept: audited, and what hangs off it goes too.
    if (result.created && expired) {
      await this.audit?.record('expire', expired, 'system', now);
      await this.removed(this.key(conversationId), 'system');
    }
    if (result.created) await this.audit?.record('create', result.session.id, actorId, now);
    return result;
  }

  /**
   * Deletes session `oldId` (audited as a delete by `actorId`) and starts a new one in its place, in
   * one write. The caller checks that `actorId` may delete the old one. Throws SessionNotFound when
   * the conversation no longer holds `oldId`.
   */
  async replace(conversationId: string, oldId: string, now: number, create: () => T, actorId: string): Promise<T> {
    const session = await updateRecord<T, T>(
      this.store,
      this.key(conversationId),
      (current) => {
        if (!current || current.id !== oldId) throw new SessionNotFound();
        const fresh = create();
        return put(fresh, fresh);
      },
      { erase: true },
    );
    forgetRenderedCards();
    await this.audit?.record('delete', oldId, actorId, now);
    await this.removed(this.key(conversationId), actorId);
    await this.audit?.record('create', session.id, actorId, now);
    return session;
  }

  /** Applies a change to session `sessionId`; throws SessionNotFound, or whatever `change` throws, leaving it untouched. */
  async update(
    conversationId: string,
    sessionId: string,
    now: number,
    change: (s: T) => Applied<T>,
    actorId = 'system',
  ): Promise<Applied<T>> {
    const applied = await updateRecord<T, Applied<T>>(this.store, this.key(conversationId), (current) => {
      if (!current || current.id !== sessionId || isExpired(current, now, this.retentionDays))
        throw new SessionNotFound();
      const result = change(current);
      return result.changed ? put(result.session, result) : keep(result);
    });
    if (applied.changed) await this.audit?.record('update', sessionId, actorId, now);
    return applied;
  }

  /** Deletes everything stored for the session; true if there was one. */
  async delete(
    conversationId: string,
    sessionId?: string,
    actorId = 'system',
    now = Date.now(),
    action: 'delete' | 'forget' = 'delete',
  ): Promise<boolean> {
    const removed = await updateRecord<T, string | undefined>(this.store, this.key(conversationId), (current) => {
      if (!current || (sessionId && current.id !== sessionId)) return keep(undefined);
      return remove(current.id);
    });
    if (removed) {
      forgetRenderedCards();
      await this.audit?.record(action, removed, actorId, now);
      await this.removed(this.key(conversationId), actorId);
    }
    return removed !== undefined;
  }

  /**
   * "Forget me": applies `forget` (which removes one person's contributions, or returns undefined to
   * delete the session outright). Resolves to what happened.
   */
  async forget(
    conversationId: string,
    actorId: string,
    now: number,
    forget: (s: T) => T | undefined,
  ): Promise<'none' | 'removed' | 'deleted'> {
    const outcome = await updateRecord<T, { what: 'none' | 'removed' | 'deleted'; id?: string }>(
      this.store,
      this.key(conversationId),
      (current) => {
        if (!current) return keep({ what: 'none' });
        const kept = forget(current);
        return kept ? put(kept, { what: 'removed', id: current.id }) : remove({ what: 'deleted', id: current.id });
      },
      { erase: true },
    );
    if (outcome.what !== 'none') forgetRenderedCards();
    if (outcome.id)
      await this.audit?.record(outcome.what === 'deleted' ? 'forget' : 'update', outcome.id, actorId, now);
    if (outcome.what === 'deleted') await this.removed(this.key(conversationId), actorId);
    return outcome.what;
  }

  /** Deletes sessions left alone longer than the retention period; returns how many went. */
  async sweep(now: number): Promise<number> {
    let removed = 0;
    for (const entry of await this.store.list(this.prefix)) {
      const session = await readRecord<T>(this.store, entry.key);
      // Re-check the record itself: it may have been used since the listing.
      if (session && isExpired(session, now, this.retentionDays)) {
        await this.store.delete([entry.key]);
        await this.audit?.record('expire', session.id, 'system', now);
        await this.removed(entry.key, 'system');
        removed++;
      }
    }
    return removed;
  }
}
