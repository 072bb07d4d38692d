import { DEFAULT_REMINDER_OPTIONS, type Delivery } from '../../src/guided/reminders';
import { execute, type UserKey, type Where } from '../helpers/activities';
import { Azurite } from '../helpers/azurite';
import { buttonData, cardActions, cardText } from '../helpers/cardCheck';
import { ConnectorStub } from '../helpers/connectorStub';
import { answeredCard, LiveBot, useLiveBot } from '../helpers/liveBot';
import { waitFor } from '../helpers/net';

/**
 * Issue 15: review reminders sent proactively over real HTTP to a connector stand-in, with the bot's
 * clock moved instead of waited for: once on time, once late after a restart, once from two
 * instances racing on Azurite, and dropped after Teams refuses (403).
 */
// Restarts, Azurite and the timer's own ticks: generous under a loaded machine's parallel e2e run.
jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
/** 1 Dec 2026, 10:00 UK time: a review "in 2 weeks" is due on 15 Dec at 09:00 (GMT). */
const START = Date.parse('2026-12-01T10:00:00Z');
const DUE = Date.parse('2026-12-15T09:00:00Z');

class Clock {
  at = START;
  readonly now = () => this.at;
}

/** Starts a group map, opens its summary and sets a review in two weeks, as the facilitator. */
async function mapWithReview(live: LiveBot, where: Where, label: string, weeks = '2'): Promise<string> {
  const as = (user: UserKey) => ({ ...where, user });
  const board = answeredCard(await live.post(execute('mapping.start', { label }, as('sam'))));
  const sid = String(buttonData(board, 'mapping.add').sid);
  await live.post(
    execute('mapping.add', { sid, question: 'worries', subheading: 'past-harm', items: 'Worry one' }, as('alex')),
  );
  const summary = answeredCard(await live.post(execute('mapping.summary', { sid }, as('sam'))));
  const set = answeredCard(
    await live.post(
      execute('mapping.setReview', { ...buttonData(summary, 'mapping.setReview'), reviewChoice: weeks }, as('sam')),
    ),
  );
  expect(cardText(set)).toContain('Review set for 15 Dec 2026');
  return sid;
}

const posts = (connector: ConnectorStub, conversationId: string) =>
  connector.of('POST', `/v3/conversations/${encodeURIComponent(conversationId)}/activities`);

const running = (bot: LiveBot) => {
  if (!bot.bot) throw new Error('the bot is not running');
  return bot.bot;
};

const sent = (out: Delivery[]) => out.filter((d) => d.outcome === 'sent');

describe('review reminders over real HTTP (SQLite)', () => {
  const clock = new Clock();
  const { connector, live } = useLiveBot({}, clock.now);
  beforeEach(() => {
    clock.at = START;
    connector.reset();
  });

  it('sends the reminder once, on time, to the chat the map lives in, @mentioning the facilitator', async () => {
    const where = { kind: 'groupChat' as const, conversationId: '19:on-time@thread.v2', serviceUrl: connector.url };
    const sid = await mapWithReview(live, where, 'Case 4');
    expect(sent(await running(live).reminders.check())).toEqual([]);
    clock.at = DUE - 60_000;
    expect(sent(await running(live).reminders.check())).toEqual([]);
    expect(posts(connector, where.conversationId)).toEqual([]);

    clock.at = DUE + 60_000;
    expect(sent(await running(live).reminders.check())).toEqual([
      { outcome: 'sent', id: expect.any(String), late: false },
    ]);
    const [mention, reminder] = posts(connector, where.conversationId).map((c) => c.body as Record<string, unknown>);
    expect(String(mention?.text)).toContain('<at>Sam Supervisor</at>, the Case 4 map is due for review.');
    expect(mention?.entities).toEqual([
      expect.objectContaining({ type: 'mention', mentioned: expect.objectContaining({ id: '29:user-sam' }) }),
    ]);
    const card = ((reminder?.attachments ?? []) as { content: unknown }[])[0]?.content;
    expect(reminder?.summary).toBe('Case 4 map: review due today');
    expect(cardText(card)).toContain('Case 4 map: review due today');
    expect(cardActions(card).map((a) => [a.title, a.verb])).toEqual([
      ['Start review', 'mapping.startReview'],
      ['Snooze a week', 'mapping.snooze'],
    ]);
    expect(buttonData(card, 'mapping.startReview').sid).toBe(sid);

    // Never again: a second check, and a later one, send nothing.
    expect(await running(live).reminders.check()).toEqual([]);
    clock.at = DUE + DAY;
    expect(await running(live).reminders.check()).toEqual([]);
    expect(posts(connector, where.conversationId)).toHaveLength(2);
  });

  it('sends a reminder that fell due while the bot was down when it starts again, saying it is late', async () => {
    const where = { kind: 'groupChat' as const, conversationId: '19:late@thread.v2', serviceUrl: connector.url };
    await mapWithReview(live, where, 'Case 5');
    await live.stop();
    clock.at = DUE + 3 * DAY;
    await live.start();
    // The check at start-up sends it, without anyone asking.
    await waitFor(() => posts(connector, where.conversationId).length === 2);
    const reminder = posts(connector, where.conversationId)[1]?.body as { attachments: { content: unknown }[] };
    expect(cardText(reminder.attachments[0]?.content)).toMatch(
      /Case 5 map: review was due 15 Dec 2026[\s\S]*Sorry, this reminder is late/,
    );
    expect(await running(live).reminders.check()).toEqual([]);
  });

  it('drops a reminder to a chat that refuses it (403: the bot was removed) after three tries, and audits it', async () => {
    const where = { kind: 'groupChat' as const, conversationId: '19:removed@thread.v2', serviceUrl: connector.url };
    await mapWithReview(live, where, 'Case 6');
    // Only new messages are refused (the map's own board edits still go through).
    connector.failures = [403, 403, 403].map((status) => ({ status, method: 'POST' }));
    clock.at = DUE + 60_000;
    const outcomes: Delivery['outcome'][] = [];
    for (let i = 0; i < 3; i++) {
      for (const d of await running(live).reminders.check()) outcomes.push(d.outcome);
      clock.at += DEFAULT_REMINDER_OPTIONS.retryAfterMs * 2 ** i;
    }
    expect(outcomes).toEqual(['retry', 'retry', 'dropped']);
    expect(await running(live).deps.store.list('reminders/')).toEqual([]);
    // Nothing more is tried, and the trail says a reminder was deleted.
    clock.at += DAY;
    expect(await running(live).reminders.check()).toEqual([]);
    expect(connector.failures).toEqual([]);
    const trail = await running(live).deps.audit.recent(50);
    expect(trail.some((e) => e.kind === 'reminder' && e.action === 'delete')).toBe(true);
  });

  it('checks on its own timer (REMINDER_CHECK_SECONDS), with nobody writing to the bot', async () => {
    const timed = new LiveBot({ REMINDER_CHECK_SECONDS: '1' }, undefined, clock.now);
    await timed.start();
    try {
      const where = { kind: 'groupChat' as const, conversationId: '19:timer@thread.v2', serviceUrl: connector.url };
      await mapWithReview(timed, where, 'Case 7');
      clock.at = DUE + 60_000;
      await waitFor(() => posts(connector, where.conversationId).length === 2);
    } finally {
      await timed.dispose();
    }
  });
});

describe('review reminders with two instances on one Blob container (Azurite)', () => {
  const azurite = new Azurite();
  const connector = new ConnectorStub();
  const clock = new Clock();
  const shared = () => ({
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: azurite.connectionString,
    BLOB_CONTAINER: 'reminder-race',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    // The instances check only when told to, so the race below is the only one.
    REMINDER_CHECK_SECONDS: '3600',
  });
  let one: LiveBot;
  let two: LiveBot;
  beforeAll(async () => {
    await azurite.start();
    await connector.start();
    one = await new LiveBot(shared(), undefined, clock.now).start();
    two = await new LiveBot(shared(), undefined, clock.now).start();
  }, 40_000);
  afterAll(async () => {
    await one.dispose();
    await two.dispose();
    await connector.stop();
    await azurite.stop();
  });

  it('sends each due reminder exactly once when both instances check at the same moment', async () => {
    const chats = Array.from({ length: 6 }, (_, i) => ({
      kind: 'groupChat' as const,
      conversationId: `19:race-${i}@thread.v2`,
      serviceUrl: connector.url,
    }));
    for (const [i, where] of chats.entries()) await mapWithReview(i % 2 ? two : one, where, `Race ${i}`);
    clock.at = DUE + 60_000;
    const [a, b] = await Promise.all([running(one).reminders.check(), running(two).reminders.check()]);
    expect(sent(a).length + sent(b).length).toBe(chats.length);
    for (const where of chats) expect(posts(connector, where.conversationId)).toHaveLength(2);
    const again = await Promise.all([running(one).reminders.check(), running(two).reminders.check()]);
    expect(again.flat()).toEqual([]);
  }, 60_000);
});
