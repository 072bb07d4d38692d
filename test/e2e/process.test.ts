import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { ChildBot } from '../helpers/childBot';
import { ConnectorStub } from '../helpers/connectorStub';
import { postActivity } from '../helpers/http';
import { cardsIn } from '../helpers/testBot';

async function post(
  port: number,
  activity: object,
): Promise<{
  status: number;
  body: { activities?: { type: string; value?: { body?: { value?: unknown } }; attachments?: unknown[] }[] };
}> {
  const { status, body } = await postActivity(`http://127.0.0.1:${port}`, {
    ...activity,
    deliveryMode: 'expectReplies',
  });
  return { status, body: (body ?? {}) as { activities?: [] } };
}
const answer = (r: Awaited<ReturnType<typeof post>>) =>
  r.body.activities?.find((a) => a.type === 'invokeResponse')?.value?.body?.value;
const button = (card: unknown, verb: string) => cardActions(card).find((a) => a.verb === verb)?.data ?? {};

describe('the bot as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sofs-proc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing when killed with SIGKILL mid-session, and resumes after a restart', async () => {
    const bot = new ChildBot({ DATA_DIR: dir });
    let port = await bot.start();
    const where = { conversationId: 'a:crash-test' };
    const start = answer(await post(port, execute('mapping.start', { label: 'Crash case' }, where)));
    const add = button(start, 'mapping.add');
    for (let i = 0; i < 5; i++) {
      expect(
        (await post(port, execute('mapping.add', { ...add, subheading: 'past-harm', items: `kept ${i}` }, where)))
          .status,
      ).toBe(200);
    }
    expect(await bot.stop('SIGKILL')).toBe('SIGKILL');

    port = await bot.start();
    const resumed = cardsIn((await post(port, message('summary', where))).body.activities as never)[0];
    for (let i = 0; i < 5; i++) expect(cardText(resumed)).toContain(`kept ${i}`);
    expect(await bot.stop('SIGTERM')).toBe(0);
  }, 90_000);

  it('finishes a turn in flight on SIGTERM, then exits cleanly', async () => {
    const connector = await new ConnectorStub().start();
    connector.delayMs = 1500;
    const bot = new ChildBot({ DATA_DIR: dir });
    const port = await bot.start();
    // Without expectReplies the turn posts its reply to the (slow) connector: it is in flight until that answers.
    const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message('help', { serviceUrl: connector.url })),
    });
    while (connector.calls.length === 0) await new Promise((r) => setTimeout(r, 20));
    const exited = bot.stop('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    expect(bot.output).toMatch(/"msg":"stopped"/);
    await connector.stop();
  }, 60_000);

  it('refuses to start anonymously in production, naming the setting', async () => {
    const bot = new ChildBot({ DATA_DIR: dir, NODE_ENV: 'production' });
    await expect(bot.start(20_000)).rejects.toThrow(/BOT_ID is required when NODE_ENV=production/);
  }, 30_000);

  it('stops at start-up with a clear message when the data key is wrong', async () => {
    const bot = new ChildBot({ DATA_DIR: dir, DATA_KEY: Buffer.alloc(32, 9).toString('base64') });
    await expect(bot.start(20_000)).rejects.toThrow(/DATA_KEY cannot decrypt the stored data/);
  }, 30_000);
});
