import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClaimedReminder,
  type Reminder,
  ReminderScheduler,
  reminderKey,
  statusOf,
} from '../../src/guided/reminders';
import type { AuditAction } from '../../src/privacy/audit';
import { MemoryStore } from '../../src/storage/memory';
import { SqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/store';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DUE = Date.UTC(2025, 1, 10, 9);

/** A store backend as several bot instances see it: `open` gives another connection to the same data. */
interface Backend {
  name: string;
  setup(): void;
  open(): Store;
  teardown(): Promise<void>;
}

let dir = '';
const opened: Store[] = [];
let memory: MemoryStore | undefined;
const backends: Backend[] = [
  {
    name: 'MemoryStore',
    setup: () => {
      memory = new MemoryStore();
    },
    open: () => memory as MemoryStore,
    teardown: async () => {},
  },
  {
    name: 'SqliteStore',
    setup: () => {
      dir = mkdtempSync(join(tmpdir(), 'reminders-'));
    },
    open: () => {
      const store = new SqliteStore(join(dir, 'state.db'));
      opened.push(store);
      return store;
    },
    teardown: async () => {
      for (const s of opened.splice(0)) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  },
];

interface Instance {
  scheduler: ReminderScheduler;
  sent: ClaimedReminder[];
  audited: { action: AuditAction; session: string }[];
}

describe.each(backends)('reminders on $name', (backend) => {
  let now = DUE;
  const clock = () => now;

  function instance(send?: (r: ClaimedReminder) => Promise<void>, store = backend.open()): Instance {
    const sent: ClaimedReminder[] = [];
    const audited: Instance['audited'] = [];
    const scheduler = new ReminderScheduler({
      store,
      clock,
      send: async (r) => {
        if (send) await send(r);
        sent.push(r);
      },
      audit: { record: async (action, session) => void audited.push({ action, session }) },
      options: {
        retryAfterMs: MINUTE,
        refusedAttempts: 3,
        maxAttempts: 5,
        leaseMs: 5 * MINUTE,
        lateAfterMs: 15 * MINUTE,
      },
    });
    return { scheduler, sent, audited };
  }

  const review = (id: string, dueAt = DUE, session = 'mapping/c1/m1') => ({
    id,
    kind: 'review' as const,
    session,
    conversation: 'conv/c1',
    address: { conversation: { id: 'c1' }, serviceUrl: 'http://127.0.0.1:1/' },
    dueAt,
  });

  beforeEach(() => {
    now = DUE - DAY;
    backend.setup();
  });
  afterEach(() => backend.teardown());

  it('lists only what is due, soonest first, and schedules the same reminder once', async () => {
    const { scheduler } = instance();
    expect(await scheduler.schedule(review('r2', DUE + MINUTE))).toBe(true);
    expect(await scheduler.schedule(review('r1'))).toBe(true);
    expect(await scheduler.schedule(review('r3', DUE + DAY))).toBe(true);
    expect(await scheduler.schedule(review('r1'))).toBe(false);
    expect(await scheduler.due()).toEqual([]);
    now = DUE + MINUTE;
    expect((await scheduler.due()).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect((await scheduler.all()).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('sends a reminder once, on time, and not again', async () => {
    const a = instance();
    await a.scheduler.schedule(review('r1'));
    now = DUE - MINUTE;
    expect(await a.scheduler.runDue('a')).toEqual([]);
    now = DUE + 30_000;
    expect(await a.scheduler.runDue('a')).toEqual([{ outcome: 'sent', id: 'r1', late: false }]);
    expect(a.sent.map((r) => [r.id, r.late, r.claim.by])).toEqual([['r1', false, 'a']]);
    now += DAY;
    expect(await a.scheduler.runDue('a')).toEqual([]);
    expect(a.sent).toHaveLength(1);
    expect(await a.scheduler.all()).toEqual([]);
  });

  it('sends a reminder missed while the bot was down when an instance comes back, marked late', async () => {
    const before = instance();
    await before.scheduler.schedule(review('r1'));
    // No instance runs on the due day; a fresh instance (a new connection) starts three days later.
    now = DUE + 3 * DAY;
    const after = instance();
    expect(await after.scheduler.runDue('restarted')).toEqual([{ outcome: 'sent', id: 'r1', late: true }]);
    expect(after.sent[0]?.late).toBe(true);
    expect(before.sent).toHaveLength(0);
  });

  it('lets exactly one of two instances claim the same reading of a reminder', async () => {
    const a = instance();
    const b = instance();
    await a.scheduler.schedule(review('r1'));
    now = DUE;
    const [seenByA] = await a.scheduler.due();
    const [seenByB] = await b.scheduler.due();
    if (!seenByA || !seenByB) throw new Error('both instances should see the reminder due');
    const claims = await Promise.all([a.scheduler.claim(seenByA, 'a'), b.scheduler.claim(seenByB, 'b')]);
    expect(claims.filter((c) => c !== undefined).map((c) => c?.claim.by)).toEqual(['a']);
    // The loser cannot take it over while the winner's lease holds, even reading again.
    const [again] = await b.scheduler.due();
    expect(again).toBeUndefined();
  });

  it('sends each of many reminders exactly once when two instances race for them', async () => {
    const a = instance(async () => new Promise((r) => setTimeout(r, 1)));
    const b = instance(async () => new Promise((r) => setTimeout(r, 1)));
    for (let i = 0; i < 20; i++) await a.scheduler.schedule(review(`r${String(i).padStart(2, '0')}`, DUE + i));
    now = DUE + MINUTE;
    const [ra, rb] = await Promise.all([a.scheduler.runDue('a'), b.scheduler.runDue('b')]);
    const sentIds = [...a.sent, ...b.sent].map((r) => r.id).sort();
    expect(sentIds).toEqual(Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`));
    expect([...(ra ?? []), ...(rb ?? [])].filter((d) => d.outcome === 'sent')).toHaveLength(20);
    expect(await a.scheduler.all()).toEqual([]);
  });

  it('leaves a reminder claimed by an instance that died alone until its lease ends, then another sends it', async () => {
    const dead = instance();
    const alive = instance();
    await dead.scheduler.schedule(review('r1'));
    now = DUE;
    const [seen] = await dead.scheduler.due();
    if (!seen) throw new Error('due');
    expect(await dead.scheduler.claim(seen, 'dead')).toBeDefined();
    now = DUE + 4 * MINUTE;
    expect(await alive.scheduler.runDue('alive')).toEqual([]);
    now = DUE + 5 * MINUTE;
    expect(await alive.scheduler.runDue('alive')).toEqual([{ outcome: 'sent', id: 'r1', late: false }]);
    expect(alive.sent).toHaveLength(1);
  });

  it('drops a reminder to a chat that refuses it (403) after a bounded retry, and audits the drop', async () => {
    let calls = 0;
    const a = instance(async () => {
      calls += 1;
      throw Object.assign(new Error('Forbidden'), { statusCode: 403 });
    });
    await a.scheduler.schedule(review('r1'));
    now = DUE;
    expect(await a.scheduler.runDue('a')).toEqual([
      { outcome: 'retry', id: 'r1', status: 403, notBefore: DUE + MINUTE },
    ]);
    expect(await a.scheduler.runDue('a')).toEqual([]);
    now = DUE + MINUTE;
    expect(await a.scheduler.runDue('a')).toEqual([
      { outcome: 'retry', id: 'r1', status: 403, notBefore: DUE + 3 * MINUTE },
    ]);
    now = DUE + 3 * MINUTE;
    expect(await a.scheduler.runDue('a')).toEqual([{ outcome: 'dropped', id: 'r1', status: 403 }]);
    expect(calls).toBe(3);
    expect(a.audited).toEqual([{ action: 'delete', session: 'mapping/c1/m1' }]);
    now += DAY;
    expect(await a.scheduler.runDue('a')).toEqual([]);
    expect(await a.scheduler.all()).toEqual([]);
  });

  it('retries a passing failure with a growing wait and sends once it clears', async () => {
    let failures = 2;
    const a = instance(async () => {
      if (failures-- > 0) throw Object.assign(new Error('Bad gateway'), { statusCode: 502 });
    });
    await a.scheduler.schedule(review('r1'));
    now = DUE;
    expect((await a.scheduler.runDue('a')).map((d) => d.outcome)).toEqual(['retry']);
    now = DUE + MINUTE;
    expect((await a.scheduler.runDue('a')).map((d) => d.outcome)).toEqual(['retry']);
    now = DUE + 2 * MINUTE;
    expect(await a.scheduler.runDue('a')).toEqual([]);
    now = DUE + 3 * MINUTE;
    expect(await a.scheduler.runDue('a')).toEqual([{ outcome: 'sent', id: 'r1', late: false }]);
    expect(a.sent).toHaveLength(1);
    expect(a.audited).toEqual([]);
  });

  it('gives up on a failure that never clears after its own larger bound', async () => {
    const a = instance(async () => {
      throw new Error('network down');
    });
    await a.scheduler.schedule(review('r1'));
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      now = DUE + i * DAY;
      outcomes.push(...(await a.scheduler.runDue('a')).map((d) => d.outcome));
    }
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'dropped']);
  });

  it("removes a session's reminders when it is deleted, audited, and keeps other sessions'", async () => {
    const a = instance();
    await a.scheduler.schedule(review('r1', DUE, 'mapping/c1/m1'));
    await a.scheduler.schedule(review('r2', DUE + DAY, 'mapping/c1/m1'));
    await a.scheduler.schedule(review('r3', DUE, 'mapping/c1/m2'));
    expect(await a.scheduler.cancel('mapping/c1/m1', 'u-sam')).toBe(2);
    expect((await a.scheduler.all()).map((r) => r.id)).toEqual(['r3']);
    expect(a.audited).toEqual([
      { action: 'delete', session: 'mapping/c1/m1' },
      { action: 'delete', session: 'mapping/c1/m1' },
    ]);
  });

  it('refuses to claim a reminder that is not due yet or has no stored version', async () => {
    const a = instance();
    await a.scheduler.schedule(review('r1'));
    const [stored] = await a.scheduler.all();
    if (!stored) throw new Error('stored');
    now = DUE - MINUTE;
    expect(await a.scheduler.claim(stored, 'a')).toBeUndefined();
    now = DUE;
    const { eTag: _e, ...unread } = stored;
    expect(await a.scheduler.claim(unread as Reminder, 'a')).toBeUndefined();
    expect(await a.scheduler.claim(stored, 'a')).toBeDefined();
  });
});

describe('reminder keys and failures', () => {
  it('keys a reminder by its due time so a listing is in due order', () => {
    expect(reminderKey({ id: 'review.m1.2', dueAt: DUE })).toBe('reminders/2025-02-10T09:00:00.000Z/review.m1.2');
  });

  it('reads the HTTP status from the shapes botbuilder and fetch errors take', () => {
    expect(statusOf(Object.assign(new Error('x'), { statusCode: 403 }))).toBe(403);
    expect(statusOf({ status: 404 })).toBe(404);
    expect(statusOf({ response: { status: 429 } })).toBe(429);
    expect(statusOf(new Error('network'))).toBeUndefined();
  });
});
