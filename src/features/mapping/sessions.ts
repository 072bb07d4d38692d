import { randomBytes } from 'node:crypto';
import { hashId } from '../../state/keys';
import { keep, put, readRecord, remove, updateRecord } from '../../state/records';
import type { Store } from '../../storage/store';
import { type Applied, isExpired, MappingError, type MappingSession } from './model';

/** The map a card refers to is not the conversation's current map (deleted, replaced or expired). */
export class SessionNotFound extends Error {
  readonly code = 'SessionNotFound';
  constructor() {
    super('SessionNotFound');
    this.name = 'SessionNotFound';
  }
}

export const MAPPING_PREFIX = 'mapping/';

/**
 * Mapping sessions in the store, one per conversation. Every change is a pure `apply` run through
 * an optimistic-concurrency retry loop, so simultaneous submits in a group chat all land.
 */
export class MappingSessions {
  constructor(
    private readonly store: Store,
    private readonly retentionDays: number,
  ) {}

  key(conversationId: string): string {
    return `${MAPPING_PREFIX}${hashId(conversationId)}`;
  }

  newId(): string {
    return randomBytes(6).toString('base64url');
  }

  /** The conversation's map, if any and not expired (an expired one is deleted on sight). */
  async current(conversationId: string, now: number): Promise<MappingSession | undefined> {
    const key = this.key(conversationId);
    const session = await readRecord<MappingSession>(this.store, key);
    if (session && isExpired(session, now, this.retentionDays)) {
      await this.store.delete([key]);
      return undefined;
    }
    return session;
  }

  /**
   * Starts a map unless one is already active: the first of several simultaneous starters wins and
   * the rest are shown that map. A closed or expired map is replaced.
   */
  async start(
    conversationId: string,
    now: number,
    create: () => MappingSession,
  ): Promise<{ session: MappingSession; created: boolean }> {
    return updateRecord<MappingSession, { session: MappingSession; created: boolean }>(
      this.store,
      this.key(conversationId),
      (current) => {
        if (current && current.status === 'active' && !isExpired(current, now, this.retentionDays)) {
          return keep({ session: current, created: false });
        }
        const session = create();
        return put(session, { session, created: true });
      },
    );
  }

  /** Applies a change to the map `sessionId`; throws SessionNotFound or MappingError, leaving it untouched. */
  async update(
    conversationId: string,
    sessionId: string,
    now: number,
    change: (s: MappingSession) => Applied,
  ): Promise<Applied> {
    return updateRecord<MappingSession, Applied>(this.store, this.key(conversationId), (current) => {
      if (!current || current.id !== sessionId || isExpired(current, now, this.retentionDays))
        throw new SessionNotFound();
      const applied = change(current);
      return applied.changed ? put(applied.session, applied) : keep(applied);
    });
  }

  /** Deletes everything stored for the map; true if there was one. */
  async delete(conversationId: string, sessionId?: string): Promise<boolean> {
    return updateRecord<MappingSession, boolean>(this.store, this.key(conversationId), (current) => {
      if (!current || (sessionId && current.id !== sessionId)) return keep(false);
      return remove(true);
    });
  }

  /** Deletes maps left alone longer than the retention period; returns how many went. */
  async sweep(now: number): Promise<number> {
    let removed = 0;
    for (const entry of await this.store.list(MAPPING_PREFIX)) {
      const session = await readRecord<MappingSession>(this.store, entry.key);
      // Re-check the record itself: it may have been used since the listing.
      if (session && isExpired(session, now, this.retentionDays)) {
        await this.store.delete([entry.key]);
        removed++;
      }
    }
    return removed;
  }
}

export { MappingError };
