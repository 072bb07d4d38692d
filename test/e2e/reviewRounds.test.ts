import { execute, message, type UserKey } from '../helpers/activities';
import { buttonData, cardNodes, cardText } from '../helpers/cardCheck';
import { answeredCard, useLiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

/**
 * Issue 15, done when: a map reviewed twice end to end in a group over real HTTP, three people,
 * each review started from the reminder the bot posted to the connector, with the history and a
 * drift flag on the summary. The bot's clock is moved, not waited for.
 */
describe('a group map reviewed twice over real HTTP', () => {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const { connector, live } = useLiveBot({ REMINDER_CHECK_SECONDS: '3600' }, () => now);

  const where = (user: UserKey) => ({
    kind: 'groupChat' as const,
    conversationId: '19:reviewed-twice@thread.v2',
    serviceUrl: connector.url,
    user,
  });
  const act = async (verb: string, data: Record<string, unknown>, user: UserKey = 'sam') =>
    answeredCard(await live.post(execute(verb, data, where(user))));
  const say = async (text: string, user: UserKey = 'sam') => (await live.post(message(text, where(user)))).activities;
  const viewOf = (sid: string, user: UserKey = 'sam') => act('mapping.refresh', { sid }, user);
  const bot = () => {
    if (!live.bot) throw new Error('the bot is not running');
    return live.bot;
  };

  /** Everyone scores privately, Sam reveals and closes: the round is recorded. */
  async function scoreRevealClose(sid: string, scores: [number, number, number]) {
    await act('mapping.goto', { ...buttonData(await viewOf(sid), 'mapping.goto'), to: 'scaling' });
    const people: UserKey[] = ['sam', 'alex', 'jo'];
    for (const [i, score] of scores.entries()) {
      const own = await act('mapping.score', { sid, score: String(score), reason: 'as we see it' }, people[i]);
      // Private until the reveal: nobody's card shows another person's number.
      expect(cardText(own)).not.toMatch(/Alex Worker: \d|Jo [A-Za-z]+: \d/);
    }
    await act('mapping.reveal', buttonData(await viewOf(sid), 'mapping.reveal'));
    await say('close');
  }

  /** Sam sets a review in two weeks; the clock moves past it; the reminder goes out; Sam presses "Start the review". */
  async function reviewFromReminder(sid: string, dueIso: string) {
    // The facilitator's own view of the closed map's summary (what Teams' refresh shows Sam).
    const summary = await viewOf(sid);
    const set = await act('mapping.setReview', { ...buttonData(summary, 'mapping.setReview'), reviewChoice: '2' });
    expect(cardText(set)).toContain('Review set for');
    now = Date.parse(dueIso) + 60_000;
    connector.reset();
    expect((await bot().reminders.check()).map((d) => d.outcome)).toEqual(['sent']);
    const posted = connector.of('POST').map((c) => c.body as { text?: string; attachments?: { content: unknown }[] });
    expect(posted[0]?.text).toContain('<at>Sam Supervisor</at>');
    const reminder = posted.find((p) => p.attachments)?.attachments?.[0]?.content;
    const opened = await act('mapping.startReview', buttonData(reminder, 'mapping.startReview'));
    expect(cardText(opened)).toMatch(/Review round \d started\./);
    return opened;
  }

  it('maps a first round with three people, reviews it twice from the reminders, and shows the history and a drift flag', async () => {
    const board = await act('mapping.start', { label: 'Case 12' });
    const sid = String(buttonData(board, 'mapping.add').sid);
    const add = (user: UserKey, question: string, subheading: string, items: string) =>
      act('mapping.add', { sid, question, subheading, items }, user);
    await add('sam', 'worries', 'past-harm', 'Dad hit mum in front of the baby');
    await add('alex', 'worries', 'future-danger', 'Baby could be hurt when dad drinks');
    await add('jo', 'working', 'existing-strengths', 'Gran visits every day');
    await add('sam', 'needs', 'next-steps', 'Safety plan agreed with gran');
    await scoreRevealClose(sid, [4, 5, 6]);

    // Review 1: Alex's worry still holds; nothing else changes; the scores stay where they were.
    let opened = await reviewFromReminder(sid, '2026-12-15T09:00:00Z');
    expect(cardText(opened)).toContain('not yet reviewed');
    await act('mapping.still', { sid, itemId: 'i2' }, 'alex');
    await scoreRevealClose(sid, [5, 5, 6]);

    // Review 2, two weeks after the first closed: the same again.
    opened = await reviewFromReminder(sid, '2026-12-29T09:00:00Z');
    await scoreRevealClose(sid, [5, 4, 5]);

    const summary = cardsIn(await say('summary'))[0];
    const text = cardText(summary);
    expect(text).toContain('Round 1, 1 Dec 2026: median 5, spread 2 (3 scores)');
    expect(text).toContain('Round 2, 15 Dec 2026: median 5, spread 1 (3 scores)');
    expect(text).toContain('Round 3, 29 Dec 2026: median 5, spread 1 (3 scores)');
    expect(text).toContain('This round beside round 2');
    expect(text).toContain('A flag to reflect on');
    expect(text).toContain('What would have to happen for this score to move?');
    const chart = cardNodes(summary).find((n) => n.type === 'Chart.Line') as { fallback?: { text?: string } };
    expect(chart?.fallback?.text).toBe('Median over time: 5 → 5 → 5');
    // Nothing is left to send, and the map's history holds no names or reasons.
    expect(await bot().reminders.check()).toEqual([]);
    const [entry] = await bot().deps.store.list('mapping/');
    const stored = (await bot().deps.store.read([entry?.key ?? '']))[entry?.key ?? ''] as { history?: unknown };
    expect(JSON.stringify(stored.history)).not.toMatch(/Sam|Alex|29:user|as we see it/);
  }, 90_000);
});
