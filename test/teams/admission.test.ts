import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { MemoryStore } from '../../src/storage/memory';
import { SqliteStore } from '../../src/storage/sqlite';
import { StoreBusyError } from '../../src/storage/store';
import { Admission, DEDUPE_TTL_MS } from '../../src/teams/admission';
import { message } from '../helpers/activities';
import { TeamsTestBot as TestBot } from '../helpers/teamsTestBot';

describe('which activities reach the bot', () => {
  it('answers a message delivered twice (same id) once, with one effect', async () => {
    const bot = TestBot.create();
    const activity = message('what is MARAC');
    expect((await bot.send({ ...activity })).replies).toHaveLength(1);
    expect((await bot.send({ ...activity })).replies).toHaveLength(0);
    const key = (await bot.deps.store.list('glossary/unanswered/'))[0]?.key ?? '';
    expect((await bot.deps.store.read([key]))[key]).toMatchObject({ count: 1 });
    await bot.close();
  });

  it('answers a message delivered to two instances sharing storage once', async () => {
    const store = new MemoryStore();
    const first = TestBot.create({ store });
    const second = TestBot.create({ store });
    const activity = message('what is MARAC');
    expect((await first.send({ ...activity })).replies).toHaveLength(1);
    // The second instance has never seen it in memory: storage says it was handled.
    expect((await second.send({ ...activity })).replies).toHaveLength(0);
    expect((await second.send(message('what is MARAC'))).replies).toHaveLength(1);
    await first.close();
    await second.close();
  });

  it('ignores tenants that are not allowed, storing nothing, and logs no content', async () => {
    const bot = TestBot.create({ env: { BOT_ALLOWED_TENANTS: '99999999-8888-7777-6666-555555555555' } });
    const result = await bot.send(message('what is MARAC', { tenantId: 'some-other-tenant' }));
    expect(result.replies).toEqual([]);
    expect(await bot.deps.store.list('')).toEqual([]);
    expect(bot.logs.text).toMatch(/tenant that is not allowed/);
    expect(bot.logs.text).not.toMatch(/MARAC|some-other-tenant/);
    expect((await bot.send(message('help'))).replies).toHaveLength(1);
    await bot.close();
  });

  it('accepts every tenant in local mode when none is configured', async () => {
    const bot = TestBot.create();
    expect((await bot.send(message('help', { tenantId: 'anything' }))).replies).toHaveLength(1);
    await bot.close();
  });
});

describe('the duplicate check, batched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sofs-admission-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' });
  let n = 0;
  const file = () => join(dir, `state-${n++}.sqlite`);

  it('checks the ids arriving in one tick in one transaction, and lets exactly one delivery of an id win', async () => {
    const store = new SqliteStore(file());
    const batches: number[] = [];
    const addNew = store.marks.addNew;
    store.marks.addNew = (keys, options) => {
      batches.push(keys.length);
      return addNew(keys, options);
    };
    const admission = new Admission(config, store);
    const twice = message('what is MARAC');
    const others = Array.from({ length: 5 }, (_, i) => message(`question ${i}`));
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => admission.firstDelivery({ ...twice })),
      ...others.map((a) => admission.firstDelivery(a)),
    ]);
    expect(results.slice(0, 10).filter(Boolean)).toHaveLength(1);
    expect(results.slice(10)).toEqual([true, true, true, true, true]);
    expect(batches).toEqual([6]);
    // The next tick's resend, to this instance or to one that never saw it, is a duplicate.
    expect(await admission.firstDelivery({ ...twice })).toBe(false);
    expect(await new Admission(config, store).firstDelivery({ ...twice })).toBe(false);
    await store.close();
  });

  it('lets exactly one of two instances win when both get the same id in the same tick', async () => {
    // Two processes on one database: two connections, two transactions.
    const shared = file();
    const [one, two] = [new SqliteStore(shared), new SqliteStore(shared)];
    const activity = message('help');
    const results = await Promise.all([
      new Admission(config, one).firstDelivery({ ...activity }),
      new Admission(config, two).firstDelivery({ ...activity }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await one.close();
    await two.close();
  });

  it('forgets an id after a day, in its own table and as an item written before that table existed', async () => {
    const store = new SqliteStore(file());
    const activity = message('what is CIN');
    expect(await new Admission(config, store).firstDelivery({ ...activity })).toBe(true);
    await store.create('dedupe/written-by-an-older-version', { seen: true });
    const admission = new Admission(config, store);
    expect(await admission.sweep(Date.now())).toBe(0);
    expect(await admission.firstDelivery({ ...activity })).toBe(false);
    expect(await admission.sweep(Date.now() + DEDUPE_TTL_MS + 60_000)).toBe(2);
    expect(await store.list('dedupe/')).toEqual([]);
    expect(await new Admission(config, store).firstDelivery({ ...activity })).toBe(true);
    await store.close();
  });

  it('remembers a batch across a restart', async () => {
    const path = file();
    const activities = [message('help'), message('what is CIN')];
    const before = new SqliteStore(path);
    const first = new Admission(config, before);
    expect(await Promise.all(activities.map((a) => first.firstDelivery({ ...a })))).toEqual([true, true]);
    await before.close();
    const after = new SqliteStore(path);
    const restarted = new Admission(config, after);
    expect(await Promise.all(activities.map((a) => restarted.firstDelivery({ ...a })))).toEqual([false, false]);
    await after.close();
  });

  it('lets every message of a failed batch through again on its resend, and a locked database lets them through', async () => {
    const store = new MemoryStore();
    const admission = new Admission(config, store);
    const failing = [new Error('disk gone'), new StoreBusyError()];
    const createMany = store.createMany.bind(store);
    store.createMany = (entries, options) => {
      const err = failing.shift();
      return err ? Promise.reject(err) : createMany(entries, options);
    };
    const [a, b] = [message('first'), message('second')];
    const failed = await Promise.allSettled([admission.firstDelivery({ ...a }), admission.firstDelivery({ ...b })]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // Busy: answered rather than never (nothing was recorded).
    expect(await Promise.all([admission.firstDelivery({ ...a }), admission.firstDelivery({ ...b })])).toEqual([
      true,
      true,
    ]);
    expect(await store.list('dedupe/')).toEqual([]);
  });
});
