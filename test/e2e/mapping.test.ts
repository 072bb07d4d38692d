import { execute, message, type UserKey } from '../helpers/activities';
import { buttonData, cardText } from '../helpers/cardCheck';
import { answeredCard, useLiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

const GROUP = '19:e2e-group@thread.v2';

const answerCard = answeredCard;

describe('mapping over real HTTP', () => {
  const { connector, live } = useLiveBot();
  beforeEach(() => connector.reset());

  const act = (
    verb: string,
    data: Record<string, unknown>,
    user: UserKey,
    where: { kind?: 'personal' | 'groupChat'; conversationId?: string } = {},
  ) => live.post(execute(verb, data, { user, serviceUrl: connector.url, ...where }));

  it('runs a whole 1:1 session, surviving a restart in the middle', async () => {
    const conversationId = 'a:e2e-personal-sam';
    const where = { conversationId };
    let card = answerCard(await act('mapping.start', { label: 'Case 12' }, 'sam', where));
    card = answerCard(
      await act(
        'mapping.add',
        { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'On the worst occasion dad hit mum' },
        'sam',
        where,
      ),
    );
    card = answerCard(await act('mapping.next', buttonData(card, 'mapping.next'), 'sam', where));

    await live.restart();

    const resumed = await live.post(message('resume', { conversationId, serviceUrl: connector.url }));
    card = cardsIn(resumed.activities)[0];
    expect(cardText(card)).toMatch(/Before we move on|What's working well\?/);
    if (cardText(card).includes('Before we move on'))
      card = answerCard(await act('mapping.next', buttonData(card, 'mapping.next'), 'sam', where));
    card = answerCard(
      await act(
        'mapping.add',
        {
          ...buttonData(card, 'mapping.add'),
          subheading: 'existing-safety',
          items: 'Gran stepped in when dad was drunk',
        },
        'sam',
        where,
      ),
    );
    card = answerCard(await act('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'needs' }, 'sam', where));
    card = answerCard(
      await act(
        'mapping.add',
        {
          ...buttonData(card, 'mapping.add'),
          subheading: 'safety-goals',
          items: 'Dad sober at every contact for 6 months',
        },
        'sam',
        where,
      ),
    );
    card = answerCard(await act('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam', where));
    card = answerCard(
      await act(
        'mapping.score',
        { ...buttonData(card, 'mapping.score'), score: '3', reason: 'Only gran so far' },
        'sam',
        where,
      ),
    );
    card = answerCard(await act('mapping.next', buttonData(card, 'mapping.next'), 'sam', where));
    const summary = cardText(card);
    for (const text of [
      'On the worst occasion dad hit mum',
      'Gran stepped in when dad was drunk',
      'Dad sober at every contact for 6 months',
      'Sam Supervisor: 3',
    ]) {
      expect(summary).toContain(text);
    }
    const copied = await act('mapping.copy', buttonData(card, 'mapping.copy'), 'sam', where);
    expect(copied.activities.map((a) => a.text).join('\n')).toContain('Only gran so far');
  });

  it('runs a 3-person group session with private scoring, then the reveal, updating the shared card', async () => {
    const where = { kind: 'groupChat' as const, conversationId: GROUP };
    let card = answerCard(await act('mapping.start', { label: 'Group case' }, 'sam', where));
    expect(connector.of('PUT')).toHaveLength(1);
    card = answerCard(await act('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam', where));
    const score = buttonData(card, 'mapping.score');
    answerCard(await act('mapping.score', { ...score, score: '2', reason: 'alex-private-reason' }, 'alex', where));
    card = answerCard(await act('mapping.score', { ...score, score: '6', reason: 'jo-private-reason' }, 'jo', where));
    expect(cardText(card)).toContain('2 of 3 have scored.');
    // Everyone's copy of the card was edited in place, and none of them carries a number or reason.
    const puts = connector.of('PUT');
    expect(puts.length).toBeGreaterThanOrEqual(4);
    for (const put of puts) expect(JSON.stringify(put.body)).not.toMatch(/private-reason/);
    card = answerCard(await act('mapping.score', { ...score, score: '5', reason: 'sam-reason' }, 'sam', where));
    const revealed = answerCard(await act('mapping.reveal', buttonData(card, 'mapping.reveal'), 'sam', where));
    const text = cardText(revealed);
    expect(text).toContain('alex-private-reason');
    expect(text).toContain('Median 5 · spread 4 (from 2 to 6).');
    expect(JSON.stringify(connector.of('PUT').at(-1)?.body)).toContain('jo-private-reason');
  });

  it('keeps every item when many practitioners submit at once', async () => {
    const conversationId = '19:e2e-parallel@thread.v2';
    const where = { kind: 'groupChat' as const, conversationId };
    const card = answerCard(await act('mapping.start', { label: 'Busy case' }, 'sam', where));
    const add = buttonData(card, 'mapping.add');
    const people: UserKey[] = ['sam', 'alex', 'jo', 'kim'];
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        act(
          'mapping.add',
          { ...add, subheading: 'past-harm', items: `parallel-${i}` },
          people[i % 4] as UserKey,
          where,
        ),
      ),
    );
    for (const reply of replies) answerCard(reply);
    const resumed = cardsIn(
      (await live.post(message('summary', { kind: 'groupChat', conversationId, serviceUrl: connector.url })))
        .activities,
    )[0];
    for (let i = 0; i < 16; i++) expect(cardText(resumed)).toContain(`parallel-${i}`);
  });

  it("refuses a forged payload for another conversation's map", async () => {
    const mine = answerCard(await act('mapping.start', { label: 'Mine' }, 'sam', { conversationId: 'a:forge-1' }));
    const forged = answerCard(
      await act(
        'mapping.add',
        { ...buttonData(mine, 'mapping.add'), subheading: 'past-harm', items: 'forged' },
        'kim',
        { conversationId: 'a:forge-2' },
      ),
    );
    expect(cardText(forged)).toMatch(/belongs to a map that has since been closed, replaced or deleted/);
    const summary = cardsIn((await live.post(message('summary', { conversationId: 'a:forge-1' }))).activities)[0];
    expect(cardText(summary)).not.toContain('forged');
  });
});
