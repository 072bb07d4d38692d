import type { ConversationAddress } from '../bot/turn';
import type { Logger } from '../log';
import { errorSummary } from '../log';
import type { AuditAction } from '../privacy/audit';
import { PREFIX } from '../state/keys';
import { isConflict, type Store, type StoreItem } from '../storage/store';

/**
 * Reminders that fall due (a map's review date, a supervision action), kept in the Store so any
 * instance can send them and none sends one twice. No Teams here: the caller passes `send`, which
 * posts the proactive message and throws (with the HTTP status) when Teams refuses.
 *
 * Exactly once among live instances: each instance lists what is due, and before sending claims
 * the reminder with an eTag write (a lease); a second claimer's write conflicts and it moves on.
 * After a send the reminder is deleted. An instance that dies between sending and deleting leaves
 * the lease to expire, and the reminder is sent again: at least once across a crash at that point.
 * Reminders missed while no instance ran are sent when one comes back, flagged late.
 */

export const REMINDER_PREFIX = PREFIX.reminders;

export type ReminderKind = 'review' | 'action';

export interface Reminder {
  v: 1;
  /** Unique among reminders: the caller's name for it (kind, session and round or action). */
  id: string;
  kind: ReminderKind;
  /** Storage key of the session it is about, so deleting or forgetting the session removes it. */
  session: string;
  /** The conversation it is about (its id), for listing a chat's reviews. */
  conversation: string;
  /** Where to send it: the binding's opaque address for that conversation, kept only as long as the reminder. */
  address: ConversationAddress;
  dueAt: number;
  createdAt: number;
  /** Failed sends so far. */
  attempts: number;
  /** No attempt before this time (the due time, then backing off after a failure). */
  notBefore: number;
  /** Held by one instance while it sends. */
  claim?: { by: string; at: number; until: number };
  /** HTTP status of the last failed send, if it had one. */
  lastStatus?: number;
  /** The store's version of this record, as it was read. */
  eTag?: string;
}

/** A reminder this instance holds: it may send it, and it alone settles it. */
export interface ClaimedReminder extends Reminder {
  claim: { by: string; at: number; until: number };
  /** Sent more than `lateAfterMs` after it fell due (the bot was down, or busy): the message says so. */
  late: boolean;
}

export type Delivery =
  | { outcome: 'sent'; id: string; late: boolean }
  | { outcome: 'retry'; id: string; status?: number; notBefore: number }
  | { outcome: 'dropped'; id: string; status?: number }
  | { outcome: 'lost'; id: string };

export interface ReminderOptions {
  /** How long a claim holds: longer than any send takes (the SDK's own send timeout is shorter). */
  leaseMs: number;
  /** Later than this after its due time, a reminder says it is late. */
  lateAfterMs: number;
  /** Attempts for a chat that refuses (403: the bot was removed; 404: the chat is gone) before dropping. */
  refusedAttempts: number;
  /** Attempts for any other failure (5xx, network, throttling) before dropping. */
  maxAttempts: number;
  /** First wait after a failure; doubled each time. */
  retryAfterMs: number;
}

export const DEFAULT_REMINDER_OPTIONS: ReminderOptions = {
  leaseMs: 5 * 60_000,
  lateAfterMs: 15 * 60_000,
  refusedAttempts: 3,
  maxAttempts: 8,
  retryAfterMs: 60_000,
};

export interface ReminderDeps {
  store: Store;
  /** The time now in ms; tests pass their own. */
  clock: () => number;
  /**
   * Posts the reminder to its conversation; throws on failure, with `statusCode` or `status` when
   * Teams answered. Only the instance that sends needs it: features that schedule and cancel leave it out.
   */
  send?: (reminder: ClaimedReminder) => Promise<void>;
  /** Where dropped and cancelled reminders are recorded (the audit trail as one kind sees it). */
  audit?: { record(action: AuditAction, session: string, actorId: string, now: number): Promise<void> };
  log?: Pick<Logger, 'warn'>;
  options?: Partial<ReminderOptions>;
}

/** The key a reminder lives under: its due time first, so a listing shows what is due without reading the rest. */
export function reminderKey(reminder: Pick<Reminder, 'dueAt' | 'id'>): string {
  return `${REMINDER_PREFIX}${new Date(reminder.dueAt).toISOString()}/${reminder.id}`;
}

const ISO_LENGTH = 24;

/** The HTTP status a failed send carries, if any (the Teams SDK's REST errors carry `statusCode`). */
export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A chat that will not take the message however often it is sent. */
export const isRefusal = (status: number | undefined): boolean => status === 403 || status === 404;

export class ReminderScheduler {
  private readonly options: ReminderOptions;

  constructor(private readonly deps: ReminderDeps) {
    this.options = { ...DEFAULT_REMINDER_OPTIONS, ...deps.options };
  }

  /** Records a reminder; scheduling the same id at the same time again changes nothing (false). */
  async schedule(
    input: Pick<Reminder, 'id' | 'kind' | 'session' | 'conversation' | 'address' | 'dueAt'>,
  ): Promise<boolean> {
    const now = this.deps.clock();
    const reminder: Reminder = { v: 1, ...input, createdAt: now, attempts: 0, notBefore: input.dueAt };
    return this.deps.store.create(reminderKey(reminder), reminder as unknown as StoreItem);
  }

  /** Every reminder, soonest first (for `reviews`, deletion and "forget me"). */
  async all(): Promise<Reminder[]> {
    return this.readAll((await this.deps.store.list(REMINDER_PREFIX)).map((e) => e.key));
  }

  /** The reminders that may be sent at `now`: due, not waiting after a failure, and not held by a live claim. */
  async due(now = this.deps.clock()): Promise<Reminder[]> {
    const keys = (await this.deps.store.list(REMINDER_PREFIX))
      .map((e) => e.key)
      .filter((key) => Date.parse(key.slice(REMINDER_PREFIX.length, REMINDER_PREFIX.length + ISO_LENGTH)) <= now);
    return (await this.readAll(keys)).filter((r) => r.notBefore <= now && (!r.claim || r.claim.until <= now));
  }

  /**
   * Claims a reminder read by `due` for this instance: an eTag write, so of several instances
   * claiming the same reading exactly one wins. Undefined when another instance got there first,
   * the reminder went, or it is not claimable at `now`.
   */
  async claim(reminder: Reminder, instanceId: string, now = this.deps.clock()): Promise<ClaimedReminder | undefined> {
    if (!reminder.eTag || reminder.notBefore > now || (reminder.claim && reminder.claim.until > now)) return undefined;
    const key = reminderKey(reminder);
    const claim = { by: instanceId, at: now, until: now + this.options.leaseMs };
    try {
      await this.deps.store.write({ [key]: { ...reminder, claim } as StoreItem });
    } catch (err) {
      if (isConflict(err)) return undefined;
      throw err;
    }
    // The write succeeded against the eTag we read, so the record is ours until the lease ends; read back its new eTag.
    const held = (await this.deps.store.read([key]))[key] as Reminder | undefined;
    if (!held || held.claim?.by !== instanceId || held.claim.at !== now) return undefined;
    return { ...held, claim, late: now - reminder.dueAt > this.options.lateAfterMs };
  }

  /** Sends a claimed reminder and settles it: deleted when sent, put back with a wait after a failure, dropped (and audited) when out of attempts. */
  async deliver(claimed: ClaimedReminder, now = this.deps.clock()): Promise<Delivery> {
    const key = reminderKey(claimed);
    const send = this.deps.send;
    if (!send) throw new Error('this scheduler was built without a sender');
    try {
      await send(claimed);
    } catch (err) {
      return this.failed(claimed, key, err, now);
    }
    await this.deps.store.delete([key]);
    return { outcome: 'sent', id: claimed.id, late: claimed.late };
  }

  /** One pass of the scheduler: claim and send everything due, one at a time (the send paces itself). */
  async runDue(instanceId: string): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const reminder of await this.due(this.deps.clock())) {
      const claimed = await this.claim(reminder, instanceId, this.deps.clock());
      out.push(claimed ? await this.deliver(claimed, this.deps.clock()) : { outcome: 'lost', id: reminder.id });
    }
    return out;
  }

  /** Removes every reminder about a session (deleted, forgotten or expired), or those `only` picks, audited; how many went. */
  async cancel(session: string, actorId = 'system', only: (r: Reminder) => boolean = () => true): Promise<number> {
    const gone = (await this.all()).filter((r) => r.session === session && only(r));
    if (gone.length === 0) return 0;
    await this.deps.store.delete(gone.map(reminderKey));
    const now = this.deps.clock();
    for (const r of gone) await this.deps.audit?.record('delete', r.session, actorId, now);
    return gone.length;
  }

  private async failed(claimed: ClaimedReminder, key: string, err: unknown, now: number): Promise<Delivery> {
    const status = statusOf(err);
    const attempts = claimed.attempts + 1;
    const limit = isRefusal(status) ? this.options.refusedAttempts : this.options.maxAttempts;
    this.deps.log?.warn({ kind: claimed.kind, status, attempts, err: errorSummary(err) }, 'reminder send failed');
    if (attempts >= limit) {
      await this.deps.store.delete([key]);
      await this.deps.audit?.record('delete', claimed.session, 'system', now);
      return { outcome: 'dropped', id: claimed.id, ...(status === undefined ? {} : { status }) };
    }
    const notBefore = now + this.options.retryAfterMs * 2 ** (attempts - 1);
    const { claim: _claim, late: _late, ...rest } = claimed;
    const next: Reminder = { ...rest, attempts, notBefore, ...(status === undefined ? {} : { lastStatus: status }) };
    try {
      await this.deps.store.write({ [key]: next as StoreItem });
    } catch (e) {
      // Our lease ran out and another instance holds it now: it settles the reminder.
      if (!isConflict(e)) throw e;
    }
    return { outcome: 'retry', id: claimed.id, notBefore, ...(status === undefined ? {} : { status }) };
  }

  private async readAll(keys: string[]): Promise<Reminder[]> {
    if (keys.length === 0) return [];
    const items = await this.deps.store.read(keys);
    return keys
      .map((k) => items[k] as Reminder | undefined)
      .filter((r): r is Reminder => r !== undefined)
      .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  }
}
