import { TEAMS_RATE_LIMITS } from '../../src/teams/rateLimit';
import { execute, type TestActivity } from '../helpers/activities';
import { LiveBot, useLiveBot } from '../helpers/liveBot';
import { waitFor } from '../helpers/net';

const PEOPLE = 30;
const person = (p: number) => ({ id: `29:edit-p${p}`, name: `Person ${p}`, aadObjectId: `aad-edit-p${p}` });

/**
 * Issue 12, item 4: thirty people editing one group board at once. Each invoke is answered with its
 * card without waiting for Teams' send pacing, and the shared board is edited only as often as the
 * limits allow, the last edit carrying the final board.
 */
describe('a burst of group edits over real HTTP', () => {
  const { connector, live } = useLiveBot();

  it('answers every invoke at once and sends far fewer board edits, the last with the final board', async () => {
    const where = {
      kind: 'groupChat' as const,
      conversationId: '19:e2e-burst@thread.v2',
      serviceUrl: connector.url,
      replyToId: 'board-1',
    };
    const as = (activity: TestActivity, p: number) => ({ ...activity, from: person(p) });
    const started = await live.post(as(execute('mapping.start', { label: 'Burst case' }, where), 0));
    const sid = JSON.stringify(LiveBot.invokeOf(started)?.body).match(/"sid":"([^"]+)"/)?.[1];
    expect(sid).toBeTruthy();
    for (let p = 0; p < PEOPLE; p++) {
      const add = { sid, question: 'worries', subheading: 'past-harm', items: `first words ${p}` };
      expect((await live.post(as(execute('mapping.add', add, where), p))).status).toBe(200);
    }
    // Let the adds' own paced edits go out before the burst.
    await waitFor(() => connector.of('PUT').some((c) => JSON.stringify(c.body).includes(`first words ${PEOPLE - 1}`)));
    await new Promise((r) => setTimeout(r, 2_500));
    connector.reset();

    // Everyone edits their own item at once, delivered as Teams does (no expectReplies).
    const answers = await Promise.all(
      Array.from({ length: PEOPLE }, (_, p) =>
        live.post(as(execute('mapping.edit', { sid, itemId: `i${p + 1}`, editText: `final words ${p}` }, where), p), {
          expectReplies: false,
        }),
      ),
    );
    const putsWhenAnswered = connector.of('PUT').length;
    for (const [p, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain(`final words ${p}`);
    }
    // Had the answers waited for the paced edits, all thirty edits would have been sent by now.
    expect(putsWhenAnswered).toBeLessThanOrEqual(TEAMS_RATE_LIMITS[1]?.max ?? 8);

    const finalBoard = () => {
      const last = JSON.stringify(connector.of('PUT').at(-1)?.body ?? '');
      return Array.from({ length: PEOPLE }, (_, p) => `final words ${p}`).every((t) => last.includes(t));
    };
    await waitFor(finalBoard);
    await new Promise((r) => setTimeout(r, 1_500));
    const puts = connector.of('PUT');
    expect(finalBoard()).toBe(true);
    expect(puts.length).toBeLessThanOrEqual(PEOPLE / 3);
    // Every edit is of the board that was clicked, and none broke a limit.
    for (const put of puts) expect(put.path).toContain('/activities/board-1');
    const times = puts.map((c) => c.at).sort((a, b) => a - b);
    const JITTER = 200;
    for (let i = 7; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 7] ?? 0)).toBeGreaterThanOrEqual(1000 - JITTER);
  }, 60_000);

  it('answers an invoke before the shared board is edited, even when Teams is slow to take the edit', async () => {
    const where = {
      kind: 'groupChat' as const,
      conversationId: '19:e2e-slow-connector@thread.v2',
      serviceUrl: connector.url,
      replyToId: 'board-slow',
    };
    const started = await live.post({ ...execute('mapping.start', { label: 'Slow case' }, where), from: person(0) });
    const sid = JSON.stringify(LiveBot.invokeOf(started)?.body).match(/"sid":"([^"]+)"/)?.[1];
    await new Promise((r) => setTimeout(r, 1_200));
    connector.reset();
    // Each edit (PUT) of the shared board takes Teams 2 s to answer.
    connector.delayMs = 2_000;
    try {
      const add = { sid, question: 'worries', subheading: 'past-harm', items: 'said while Teams was slow' };
      const asked = Date.now();
      const answer = await live.post(
        { ...execute('mapping.add', add, where), from: person(1) },
        { expectReplies: false },
      );
      const answeredIn = Date.now() - asked;
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain('said while Teams was slow');
      // The edit was asked for, and the answer did not wait the 2 s for it.
      await waitFor(() => connector.of('PUT', '/activities/board-slow').length > 0);
      expect(answeredIn).toBeLessThan(1_500);
    } finally {
      connector.delayMs = 0;
    }
  }, 30_000);
});
