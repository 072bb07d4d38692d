import { createHmac } from 'node:crypto';
import type { Logger } from '../log';
import { errorSummary } from '../log';
import { randomPooled } from '../random';
import { PREFIX } from '../state/keys';
import { readRecord, sweepByAge } from '../state/records';
import type { Store } from '../storage/store';

export type AuditAction = 'create' | 'read' | 'update' | 'delete' | 'expire' | 'forget';

/** One entry of the audit trail: who (pseudonymously), what, which session, when. Never content. */
export interface AuditEntry {
  at: number;
  /** HMAC of the Teams user id under the data key: stable, not reversible without the key. */
  actor: string;
  action: AuditAction;
  /** mapping, supervision, … */
  kind: string;
  session: string;
}

export const AUDIT_PREFIX = PREFIX.audit;

/**
 * The audit trail of session access, in its own store (apart from conversation state) and kept for
 * its own retention period, readable by practice leads. Failures are logged, never shown to users.
 */
export class AuditTrail {
  constructor(
    private readonly store: Store,
    private readonly pseudonymKey: Buffer,
    private readonly retentionDays: number,
    private readonly log: Logger,
  ) {}

  /** The pseudonym recorded for a user id. */
  pseudonym(userId: string): string {
    if (userId === 'system') return 'system';
    return createHmac('sha256', this.pseudonymKey).update(`user:${userId}`).digest('base64url').slice(0, 16);
  }

  async record(action: AuditAction, kind: string, session: string, actorId: string, now: number): Promise<void> {
    const entry: AuditEntry = { at: now, actor: this.pseudonym(actorId), action, kind, session };
    // Time first, so a listing is in time order; random tail so simultaneous entries never collide.
    const key = `${AUDIT_PREFIX}${new Date(now).toISOString()}-${randomPooled(4).toString('hex')}`;
    try {
      await this.store.create(key, entry as unknown as Record<string, unknown>);
    } catch (err) {
      this.log.error({ action, kind, err: errorSummary(err) }, 'audit write failed');
    }
  }

  /** The most recent entries, newest first. */
  async recent(limit = 20): Promise<AuditEntry[]> {
    const entries = (await this.store.list(AUDIT_PREFIX)).slice(-limit).reverse();
    const out: AuditEntry[] = [];
    for (const e of entries) {
      const value = await readRecord<AuditEntry>(this.store, e.key);
      if (value) out.push(value);
    }
    return out;
  }

  sweep(now: number): Promise<number> {
    return sweepByAge(this.store, AUDIT_PREFIX, now, this.retentionDays);
  }
}

/** The trail as seen by one kind of session (what SessionRepository needs). */
export function auditFor(trail: AuditTrail, kind: string) {
  return {
    record: (action: AuditAction, session: string, actorId: string, now: number) =>
      trail.record(action, kind, session, actorId, now),
  };
}
