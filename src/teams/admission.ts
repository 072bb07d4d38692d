import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Config } from '../config';
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

/**
 * Decides whether an authenticated activity may reach the bot: its tenant must be allowed, and a
 * message Teams delivers twice (it resends after ~15 s without an answer) is handled once.
 */
export class Admission {
  /** Keys of activities this instance has let through, oldest first: the filter in front of the store. */
  private readonly recent = new Set<string>();

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
    const key = `${DEDUPE_PREFIX}${createHash('sha256').update(`${activity.conversation.id}\n${activity.id}`).digest('base64url').slice(0, 32)}`;
    // Seen by this instance (also while its first delivery is still being checked): a duplicate.
    if (this.recent.has(key)) return false;
    this.remember(key);
    try {
      // The store decides across restarts and instances.
      return await this.store.create(key, { seen: true }, { maxWaitMs: DEDUPE_MAX_WAIT_MS });
    } catch (err) {
      // A locked database must not stop the bot answering: handle the message (a resend, if any,
      // is answered twice rather than never).
      if (isBusy(err)) return true;
      // Not recorded anywhere: Teams' resend after the failure must get its turn.
      this.recent.delete(key);
      throw err;
    }
  }

  private remember(key: string): void {
    if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.values().next().value as string);
    this.recent.add(key);
  }

  sweep(now: number): Promise<number> {
    return sweepByAge(this.store, DEDUPE_PREFIX, now, DEDUPE_TTL_MS / (24 * 60 * 60 * 1000));
  }
}

/** A tenant id shortened to a hash, for logs. */
export function tenantHash(activity: Partial<Activity>): string | undefined {
  const tenant = tenantOf(activity);
  return tenant ? createHash('sha256').update(tenant).digest('hex').slice(0, 12) : undefined;
}
