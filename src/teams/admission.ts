import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Config } from '../config';
import { sha256 } from '../state/keys';
import { sweepByAge } from '../state/records';
import { isBusy, type Store } from '../storage/store';
import { tenantOf } from './activity';

export const DEDUPE_PREFIX = 'dedupe/';
/** How long an activity id is remembered: Teams resends within minutes, so a day is ample. */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** A duplicate check waits this long at most for a locked database, then lets the message through. */
const DEDUPE_MAX_WAIT_MS = 100;
/** Activity keys this instance remembers in memory (a resend to the same instance skips storage). */
const RECENT_MAX = 50_000;
/** What a duplicate-check record holds: nothing but its key and time. */
const SEEN = { seen: true } as const;

interface Waiting {
  key: string;
  resolve: (first: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Decides whether an authenticated activity may reach the bot: its tenant must be allowed, and a
 * message Teams delivers twice (it resends after ~15 s without an answer) is handled once.
 */
export class Admission {
  /** Keys of activities this instance has let through, oldest first: the filter in front of the store. */
  private readonly recent = new Set<string>();
  /** Keys whose check waits for this tick's batch (one transaction for all of them). */
  private waiting: Waiting[] = [];

  constructor(
    private readonly config: Config,
    private readonly store: Store,
  ) {}

  /** True when the activity's tenant is allowed (any tenant in local mode with no list). */
  tenantAllowed(activity: Partial<Activity>): boolean {
    const allowed = this.config.allowedTenants;
    if (allowed.length === 0) return this.config.mode === 'local';
    const tenant = tenantOf(activity);
    return tenant !== undefined && allowed.includes(tenant);
  }

  /**
   * True the first time an activity id is seen in a conversation. Only messages and conversation
   * updates are checked: card actions are idempotent by design and need their answer every time.
   */
  async firstDelivery(activity: Partial<Activity>): Promise<boolean> {
    if (activity.type !== 'message' && activity.type !== 'conversationUpdate') return true;
    if (!activity.id || !activity.conversation?.id) return true;
    const key = `${DEDUPE_PREFIX}${sha256(`${activity.conversation.id}\n${activity.id}`).slice(0, 32)}`;
    // Seen by this instance (also while its first delivery is still being checked): a duplicate.
    if (this.recent.has(key)) return false;
    this.remember(key);
    try {
      // The store decides across restarts and instances.
      return await this.record(key);
    } catch (err) {
      // A locked database must not stop the bot answering: handle the message (a resend, if any,
      // is answered twice rather than never).
      if (isBusy(err)) return true;
      // Not recorded anywhere: Teams' resend after the failure must get its turn.
      this.recent.delete(key);
      throw err;
    }
  }

  /**
   * Records the key in storage, true if it was not there yet. Where the store can batch (SQLite's
   * marks), the keys of every activity that reaches this point in the same turn of the event loop go
   * in one transaction, flushed just after it (setImmediate): under load that is one commit for many
   * activities instead of one each, and a lone activity waits for nothing but the rest of the tick.
   */
  private record(key: string): Promise<boolean> {
    if (!this.store.marks && !this.store.createMany)
      return this.store.create(key, SEEN, { maxWaitMs: DEDUPE_MAX_WAIT_MS });
    return new Promise<boolean>((resolve, reject) => {
      if (this.waiting.push({ key, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    const options = { maxWaitMs: DEDUPE_MAX_WAIT_MS };
    const { marks, createMany } = this.store;
    // (record() only batches for a store with marks or createMany; the per-key path is for the type checker.)
    const outcome = marks
      ? marks.addNew(
          batch.map((w) => w.key.slice(DEDUPE_PREFIX.length)),
          options,
        )
      : createMany
        ? createMany.call(
            this.store,
            batch.map((w) => [w.key, SEEN] as const),
            options,
          )
        : Promise.all(batch.map((w) => this.store.create(w.key, SEEN, options)));
    outcome.then(
      (created) => {
        for (const [i, w] of batch.entries()) w.resolve(created[i] === true);
      },
      // The batch is one transaction: nothing was recorded for any of them.
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  }

  private remember(key: string): void {
    if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.values().next().value as string);
    this.recent.add(key);
  }

  /** Forgets ids older than DEDUPE_TTL_MS: the store's marks, and records kept as items (Blob, and SQLite before marks). */
  async sweep(now: number): Promise<number> {
    const marks = (await this.store.marks?.sweep(now - DEDUPE_TTL_MS)) ?? 0;
    return marks + (await sweepByAge(this.store, DEDUPE_PREFIX, now, DEDUPE_TTL_MS / (24 * 60 * 60 * 1000)));
  }
}

/** A tenant id shortened to a hash, for logs. */
export function tenantHash(activity: Partial<Activity>): string | undefined {
  const tenant = tenantOf(activity);
  return tenant ? createHash('sha256').update(tenant).digest('hex').slice(0, 12) : undefined;
}
