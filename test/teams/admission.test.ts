import { MemoryStore } from '../../src/storage/memory';
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
