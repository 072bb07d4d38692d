import { cardNow } from '../../src/bot/turn';
import * as cards from '../../src/cards';
import { execute, message, submit, USERS, type UserKey } from '../helpers/activities';
import { buttonData, cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot, type TurnResult } from '../helpers/testBot';

const DAY = 24 * 60 * 60 * 1000;

/** Sam types "map" in a group chat and starts "Case 9" from the card; resolves to Sam's board. */
async function groupMapStarted(bot: TestBot, checkStartCard?: (start: unknown) => void): Promise<unknown> {
  const start = cardsIn((await bot.send(message('map', { kind: 'groupChat', user: 'sam' }))).replies)[0];
  checkStartCard?.(start);
  return invokeCard(
    await bot.send(
      execute(
        'mapping.start',
        { ...buttonData(start, 'mapping.start'), label: 'Case 9' },
        { user: 'sam', kind: 'groupChat' },
      ),
    ),
  );
}

describe('a personal mapping session', () => {
  let bot: TestBot;
  let now: number;
  beforeEach(() => {
    now = Date.UTC(2026, 10, 1, 9);
    bot = TestBot.create({ clock: () => now });
  });
  afterEach(() => bot.close());

  const send = (verb: string, data: Record<string, unknown>, user: UserKey = 'sam') =>
    bot.send(execute(verb, data, { user }));
  const startMap = async (label = 'Case 4') => invokeCard(await send('mapping.start', { label }));

  it('asks for a case reference and warns against identifying details', async () => {
    const card = cardsIn((await bot.send(message('map'))).replies)[0];
    const text = cardText(card);
    expect(text).toContain('Start a mapping conversation');
    expect(text).toMatch(/Do not enter names, dates of birth/);
    expect(text).toContain('Case reference (no names)');
  });

  it('starts at "What are we worried about?" with its guidance prompts', async () => {
    const card = await startMap();
    const text = cardText(card);
    expect(text).toContain('What are we worried about?');
    expect(text).toContain('first, the worst and the last');
    expect(text).toContain('Past harm');
    expect(text).toContain('Future danger');
    expect(text).toContain('Complicating factors');
    expect(buttonData(card, 'mapping.add')).toMatchObject({ sid: expect.any(String), question: 'worries' });
  });

  it('starts straight away from "map <reference>"', async () => {
    const card = cardsIn((await bot.send(message('map Team B review'))).replies)[0];
    expect(cardText(card)).toContain('Team B review · Signs of Safety map');
  });

  it('refuses an over-long reference and keeps what was typed', async () => {
    const card = await startMap('x'.repeat(60));
    expect(cardText(card)).toMatch(/at most 40 characters/);
    expect(JSON.stringify(card)).toContain('x'.repeat(60));
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
  });

  it('adds several items at once under the chosen sub-heading', async () => {
    const card = await startMap();
    const add = buttonData(card, 'mapping.add');
    const after = invokeCard(
      await send('mapping.add', {
        ...add,
        subheading: 'past-harm',
        items: '- Dad hit mum last week\n- The worst time, the baby was in her arms',
      }),
    );
    const text = cardText(after);
    expect(text).toContain('Sam Supervisor added 2 items to Past harm.');
    expect(after).toBeDefined();
    expect(JSON.stringify(after)).toContain('The worst time, the baby was in her arms');
    const [entry] = await bot.deps.store.list('mapping/');
    const stored = (await bot.deps.store.read([entry?.key ?? '']))[entry?.key ?? ''] as {
      items: { text: string; subheading: string }[];
    };
    expect(stored.items.map((i) => [i.subheading, i.text])).toEqual([
      ['past-harm', 'Dad hit mum last week'],
      ['past-harm', 'The worst time, the baby was in her arms'],
    ]);
  });

  it('names no facilitator or head count in a personal map: there is only the person', async () => {
    const card = await startMap();
    expect(cardText(card)).toContain('No names or identifying details, please');
    expect(cardText(card)).not.toMatch(/Facilitator:|taking part/);
  });

  it('hands the worries to the danger-statement builder', async () => {
    let card = await startMap();
    card = invokeCard(
      await send('mapping.add', {
        ...buttonData(card, 'mapping.add'),
        subheading: 'past-harm',
        items: 'Dad hit mum in front of the baby',
      }),
    );
    const build = buttonData(card, 'builder.start');
    expect(build).toMatchObject({ kind: 'danger-statement', worries: 'Dad hit mum in front of the baby' });
    const builder = cardsIn((await send('builder.start', build)).replies)[0];
    expect(JSON.stringify(builder)).toContain('Dad hit mum in front of the baby');
  });

  it('refuses an over-long item kindly, keeping the text in the box and storing nothing', async () => {
    const card = await startMap();
    const long = `Long ${'y'.repeat(600)}`;
    const after = invokeCard(
      await send('mapping.add', { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: long }),
    );
    expect(cardText(after)).toMatch(/605 characters long; the limit is 500/);
    expect(JSON.stringify(after)).toContain(long);
    const [entry] = await bot.deps.store.list('mapping/');
    expect(((await bot.deps.store.read([entry?.key ?? '']))[entry?.key ?? ''] as { items: unknown[] }).items).toEqual(
      [],
    );
  });

  it('refuses a sub-heading from another question as a tampered card', async () => {
    const card = await startMap();
    const after = invokeCard(
      await send('mapping.add', { ...buttonData(card, 'mapping.add'), subheading: 'existing-safety', items: 'x' }),
    );
    expect(cardText(after)).toMatch(/couldn't read what that card sent/);
  });

  it('walks the four questions with critical-inquiry checkpoints, then scales and summarises', async () => {
    let card = await startMap();
    card = invokeCard(
      await send('mapping.add', { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'neglect' }),
    );
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    expect(cardText(card)).toContain('Before we move on');
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    expect(cardText(card)).toContain("What's working well?");
    card = invokeCard(
      await send('mapping.add', {
        ...buttonData(card, 'mapping.add'),
        subheading: 'existing-strengths',
        items: 'Gran visits daily',
      }),
    );
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    expect(cardText(card)).toContain('Before we move on');
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    expect(cardText(card)).toContain('What needs to happen?');
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    if (cardText(card).includes('Before we move on'))
      card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    expect(cardText(card)).toContain('How worried are we?');
    expect(cardText(card)).toContain('the child is not safe and their needs are not being met at all');
    card = invokeCard(
      await send('mapping.score', { ...buttonData(card, 'mapping.score'), score: '4', reason: 'Gran is there daily' }),
    );
    expect(cardText(card)).toContain('Gran is there daily');
    expect(cardText(card)).toContain('What would one point higher look like?');
    card = invokeCard(
      await send('mapping.higher', { ...buttonData(card, 'mapping.higher'), higher: 'A safety plan agreed with gran' }),
    );
    card = invokeCard(await send('mapping.next', buttonData(card, 'mapping.next')));
    const summary = cardText(card);
    expect(summary).toContain('Summary');
    expect(summary).toContain('neglect');
    expect(summary).toContain('Gran visits daily');
    expect(summary).toContain('Sam Supervisor: 4');
    // The summary keeps what one point higher would look like, beside the reason.
    expect(summary).toContain('Gran is there daily · One point higher: A safety plan agreed with gran');
  });

  it.each([
    ['11', /whole number from 0 to 10/],
    ['-1', /whole number from 0 to 10/],
    ['abc', /whole number from 0 to 10/],
    ['', /whole number from 0 to 10/],
  ])('refuses the score %p kindly', async (score, message) => {
    const card = await startMap();
    const scaling = invokeCard(await send('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }));
    const after = invokeCard(
      await send('mapping.score', { ...buttonData(scaling, 'mapping.score'), score, reason: 'my reason' }),
    );
    expect(cardText(after)).toMatch(message);
    expect(JSON.stringify(after)).toContain('my reason');
  });

  it('answers navigation from an out-of-date card with the current card', async () => {
    const card = await startMap();
    const next = buttonData(card, 'mapping.next');
    await send('mapping.next', next);
    const again = invokeCard(await send('mapping.next', next));
    expect(cardText(again)).toMatch(/had moved on since that card was sent/);
  });

  it('answers a card from a deleted map without touching the new one', async () => {
    const old = await startMap('Old case');
    const oldAdd = buttonData(old, 'mapping.add');
    await send('mapping.deleteConfirmed', { sid: oldAdd.sid });
    await startMap('New case');
    const result = invokeCard(await send('mapping.add', { ...oldAdd, subheading: 'past-harm', items: 'late item' }));
    expect(cardText(result)).toMatch(/belongs to a map that has since been closed, replaced or deleted/);
    expect(cardText(result)).toContain('New case');
    expect(
      JSON.stringify(await bot.deps.store.read((await bot.deps.store.list('mapping/')).map((e) => e.key))),
    ).not.toContain('late item');
  });

  it('refuses malformed payloads without changing anything', async () => {
    const card = await startMap();
    for (const data of [
      { sid: 42 },
      { sid: buttonData(card, 'mapping.next').sid, rev: 'abc' },
      { sid: 'x'.repeat(500), rev: 1 },
    ]) {
      const after = invokeCard(await send('mapping.next', data));
      expect(cardText(after)).toMatch(/couldn't read what that card sent|closed, replaced or deleted/);
    }
    expect(cardText(invokeCard(await send('mapping.resume', {})))).toContain('What are we worried about?');
  });

  it('edits and removes items', async () => {
    let card = await startMap();
    card = invokeCard(
      await send('mapping.add', {
        ...buttonData(card, 'mapping.add'),
        subheading: 'past-harm',
        items: 'first wording',
      }),
    );
    card = invokeCard(
      await send('mapping.edit', { ...buttonData(card, 'mapping.edit'), itemId: 'i1', editText: 'better wording' }),
    );
    expect(JSON.stringify(card)).toContain('better wording');
    card = invokeCard(await send('mapping.remove', { ...buttonData(card, 'mapping.remove'), itemId: 'i1' }));
    expect(JSON.stringify(card)).not.toContain('better wording');
    expect(cardText(card)).toContain('removed item #1');
  });

  it('offers to resume or replace when a map is already in progress', async () => {
    await startMap('Case 4');
    const card = cardsIn((await bot.send(message('map'))).replies)[0];
    expect(cardText(card)).toContain('A map is already in progress');
    const resumed = invokeCard(await send('mapping.resume', buttonData(card, 'mapping.resume')));
    expect(cardText(resumed)).toContain('What are we worried about?');
    const fresh = invokeCard(await send('mapping.replace', buttonData(card, 'mapping.replace')));
    expect(cardText(fresh)).toContain('Start a mapping conversation');
  });

  it('copies the map as plain text for the case record', async () => {
    let card = await startMap();
    card = invokeCard(
      await send('mapping.add', {
        ...buttonData(card, 'mapping.add'),
        subheading: 'future-danger',
        items: 'Baby could be hurt',
      }),
    );
    const summary = cardsIn((await bot.send(message('summary'))).replies)[0];
    const copied = await send('mapping.copy', buttonData(summary, 'mapping.copy'));
    const texts = copied.replies.map((r) => String(r.text));
    expect(texts[0]).toMatch(/paste into the case record/);
    expect(texts[1]).toContain('Signs of Safety map: Case 4');
    expect(texts[1]).toContain('- Baby could be hurt');
    expect(copied.replies[1]?.textFormat).toBe('plain');
    // One entry per line and a blank line between sections: the Teams binding keeps each break.
    const lines = String(texts[1]).split('\n');
    expect(lines[0]).toBe('Signs of Safety map: Case 4');
    expect(lines).toContain('    - Baby could be hurt');
    expect(lines).toContain('WHAT ARE WE WORRIED ABOUT?');
    expect(lines[lines.indexOf('WHAT ARE WE WORRIED ABOUT?') - 1]).toBe('');
  });

  it('reports status, closes and deletes with confirmation', async () => {
    await startMap();
    const status = String((await bot.send(message('status'))).replies[0]?.text);
    expect(status).toMatch(
      /"Case 4", facilitated by Sam Supervisor, is in progress\. Step: What are we worried about\? · 0 items, 0 scores/,
    );
    // No doubled punctuation after a step that is a question, and numbers agree with their nouns.
    expect(status).not.toMatch(/\?\.|\b1 scores\b|\b1 items\b/);
    const closed = cardsIn((await bot.send(message('close'))).replies)[0];
    expect(cardText(closed)).toContain('Summary (closed)');
    const confirm = cardsIn((await bot.send(message('delete'))).replies)[0];
    expect(cardText(confirm)).toContain('Delete this map?');
    const kept = invokeCard(await send('mapping.deleteCancel', buttonData(confirm, 'mapping.deleteCancel')));
    expect(cardText(kept)).toContain('Nothing was deleted.');
    const gone = invokeCard(await send('mapping.deleteConfirmed', buttonData(confirm, 'mapping.deleteConfirmed')));
    expect(cardText(gone)).toContain('The bot no longer holds "Case 4" or anything in it.');
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
    expect(String((await bot.send(message('resume'))).replies[0]?.text)).toMatch(
      /no map or supervision conversation in this chat/,
    );
  });

  it('forgets a map left alone past the retention period', async () => {
    await startMap();
    now += 31 * DAY;
    expect(String((await bot.send(message('resume'))).replies[0]?.text)).toMatch(
      /no map or supervision conversation in this chat/,
    );
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
  });

  it('handles the Action.Submit fallback like Action.Execute, editing the card in place', async () => {
    const card = await startMap();
    const result = await bot.send(
      submit('mapping.add', { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'via submit' }),
    );
    expect(result.updates).toHaveLength(1);
    expect(JSON.stringify(result.updates[0])).toContain('via submit');
  });
});

describe('a group mapping session', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const group = (verb: string, data: Record<string, unknown>, user: UserKey): Promise<TurnResult> =>
    bot.send(execute(verb, data, { user, kind: 'groupChat' }));

  async function startGroupMap() {
    return groupMapStarted(bot, (start) =>
      expect(cardText(start)).toMatch(/the person who starts the map facilitates/),
    );
  }

  it('lets everyone add, shows the change to the whole group, and only the facilitator steer', async () => {
    const card = await startGroupMap();
    const added = await group(
      'mapping.add',
      { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'Second worker item' },
      'alex',
    );
    expect(added.updates).toHaveLength(1);
    expect(JSON.stringify(added.updates[0])).toContain('Second worker item');
    // Alex's own view has no steering buttons; the message everyone sees has none either.
    const steering = ['mapping.next', 'mapping.back', 'mapping.goto', 'mapping.close', 'mapping.delete'];
    expect(cardActions(invokeCard(added)).filter((a) => steering.includes(a.verb ?? ''))).toEqual([]);
    expect(cardActions(cardsIn(added.updates)[0]).filter((a) => steering.includes(a.verb ?? ''))).toEqual([]);
    // "Next" forged from the facilitator's own current view is still refused kindly.
    const samsView = invokeCard(await group('mapping.refresh', { sid: buttonData(card, 'mapping.add').sid }, 'sam'));
    const refused = invokeCard(await group('mapping.next', buttonData(samsView, 'mapping.next'), 'alex'));
    expect(cardText(refused)).toContain('Only Sam Supervisor, who is facilitating this map, can do that.');
  });

  it("keeps the facilitator's Next working after someone else adds to the map (outside judge, session 20)", async () => {
    const card = await startGroupMap();
    const sid = buttonData(card, 'mapping.add').sid;
    const samsView = invokeCard(await group('mapping.refresh', { sid }, 'sam'));
    await group(
      'mapping.add',
      { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'Said meanwhile' },
      'alex',
    );
    // Sam presses Next on the view drawn before Alex added: the map had not moved, so it moves now.
    const moved = invokeCard(await group('mapping.next', buttonData(samsView, 'mapping.next'), 'sam'));
    expect(cardText(moved)).not.toMatch(/moved on since that card was sent/);
    expect(cardText(moved)).toContain('Critical inquiry');
    // The view drawn before the move is now out of date for steering.
    const again = invokeCard(await group('mapping.next', buttonData(samsView, 'mapping.next'), 'sam'));
    expect(cardText(again)).toMatch(/moved on since that card was sent/);
  });

  it('tells the facilitator "you can reopen it" on a closed map, and others that the facilitator can', async () => {
    const card = await startGroupMap();
    const add = buttonData(card, 'mapping.add');
    await bot.send(message('close', { kind: 'groupChat', user: 'sam' }));
    const bySam = invokeCard(await group('mapping.add', { ...add, subheading: 'past-harm', items: 'late' }, 'sam'));
    expect(cardText(bySam)).toContain('This map is closed. You can reopen it from the summary.');
    const byAlex = invokeCard(await group('mapping.add', { ...add, subheading: 'past-harm', items: 'late' }, 'alex'));
    expect(cardText(byAlex)).toContain('Its facilitator can reopen it from the summary.');
  });

  it('a typed summary mid-map goes "Back to the map" without moving it (outside judge, session 20)', async () => {
    const card = await startGroupMap();
    const page = cardsIn((await bot.send(message('summary', { kind: 'groupChat', user: 'sam' }))).replies)[0];
    const sid = buttonData(card, 'mapping.add').sid;
    const samsPage = invokeCard(
      await group(
        'mapping.refresh',
        { ...(page as { refresh: { action: { data: Record<string, unknown> } } }).refresh.action.data },
        'sam',
      ),
    );
    expect(cardActions(samsPage).map((a) => a.verb)).not.toContain('mapping.back');
    const back = invokeCard(await group('mapping.resume', buttonData(samsPage, 'mapping.resume'), 'sam'));
    expect(cardText(back)).toContain('Question 1 of 4');
    // The map did not move: it is still at question 1 for everyone.
    const again = invokeCard(await group('mapping.refresh', { sid }, 'alex'));
    expect(cardText(again)).toContain('Question 1 of 4');
  });

  it('offers the danger-statement builder to the facilitator alone in a group, never on the shared board', async () => {
    const card = await startGroupMap();
    const added = await group(
      'mapping.add',
      { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'Dad hit mum in front of the baby' },
      'alex',
    );
    const builds = (c: unknown) => cardActions(c).filter((a) => a.verb === 'builder.start');
    // Pressing it posts a builder card into the chat for everyone: the facilitator leads that.
    expect(builds(invokeCard(added))).toEqual([]);
    expect(builds(cardsIn(added.updates)[0])).toEqual([]);
    const samsView = invokeCard(await group('mapping.refresh', { sid: buttonData(card, 'mapping.add').sid }, 'sam'));
    expect(builds(samsView)).toHaveLength(1);
  });

  it('lets only the author or the facilitator change an item', async () => {
    let card = await startGroupMap();
    card = invokeCard(
      await group(
        'mapping.add',
        { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'Second worker wrote this' },
        'alex',
      ),
    );
    const byJo = invokeCard(
      await group(
        'mapping.edit',
        { ...buttonData(card, 'mapping.edit'), itemId: 'i1', editText: 'Third worker changed it' },
        'jo',
      ),
    );
    expect(cardText(byJo)).toMatch(/Only the person who added that item/);
    const bySam = invokeCard(
      await group(
        'mapping.edit',
        { ...buttonData(card, 'mapping.edit'), itemId: 'i1', editText: 'The facilitator tidied it' },
        'sam',
      ),
    );
    expect(JSON.stringify(bySam)).toContain('The facilitator tidied it');
  });

  it('says "you" to the facilitator about revealing, names them to others, and counts one person as one', async () => {
    let card = await startGroupMap();
    card = invokeCard(await group('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam'));
    expect(cardText(card)).toContain('Scores stay private until you reveal them');
    expect(cardText(card)).toContain('0 of 1 has scored.');
    const sid = buttonData(card, 'mapping.score').sid;
    const alexsView = invokeCard(await group('mapping.refresh', { sid }, 'alex'));
    expect(cardText(alexsView)).toContain('Scores stay private until Sam Supervisor reveals them');
  });

  it('keeps scores private until the facilitator reveals them, then shows spread and median', async () => {
    let card = await startGroupMap();
    card = invokeCard(await group('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam'));
    const score = buttonData(card, 'mapping.score');
    await group('mapping.score', { ...score, score: '2', reason: 'Second reason' }, 'alex');
    card = invokeCard(await group('mapping.score', { ...score, score: '7', reason: 'Third reason' }, 'jo'));
    const hidden = JSON.stringify(card);
    expect(cardText(card)).toContain('2 of 3 have scored.');
    expect(cardText(card)).toContain('Scored so far: Alex Worker, Jo Health.');
    expect(hidden).not.toMatch(/Second reason|Third reason/);
    expect(cardActions(card).map((a) => a.verb)).not.toContain('mapping.reveal');
    const samsView = invokeCard(await group('mapping.refresh', { sid: score.sid }, 'sam'));
    expect(cardText(invokeCard(await group('mapping.reveal', buttonData(samsView, 'mapping.reveal'), 'jo')))).toMatch(
      /Only Sam Supervisor/,
    );
    const revealed = invokeCard(await group('mapping.reveal', buttonData(samsView, 'mapping.reveal'), 'sam'));
    const text = cardText(revealed);
    expect(text).toContain('Second reason');
    expect(text).toContain('Third reason');
    expect(text).toContain('Median 4.5 · spread 5 (from 2 to 7).');
    const spreadPrompts = bot.deps.content.prompts.prompts
      .filter((p) => p.triggers?.includes('score-spread'))
      .map((p) => p.text);
    expect(spreadPrompts.some((p) => text.includes(p))).toBe(true);
    // Only someone who scored is asked what one point higher would look like: Jo is, Sam (no score) is not.
    expect(text).not.toContain('What would one point higher look like?');
    const josView = cardText(invokeCard(await group('mapping.refresh', { sid: score.sid }, 'jo')));
    expect(josView).toContain('What would one point higher look like?');
  });

  it('lets only the facilitator delete the map', async () => {
    const card = await startGroupMap();
    const sid = buttonData(card, 'mapping.add').sid;
    expect(String((await bot.send(message('delete', { kind: 'groupChat', user: 'alex' }))).replies[0]?.text)).toMatch(
      /Only Sam Supervisor/,
    );
    expect(cardText(invokeCard(await group('mapping.deleteConfirmed', { sid }, 'alex')))).toMatch(
      /Only Sam Supervisor/,
    );
    expect(await bot.deps.store.list('mapping/')).toHaveLength(1);
  });

  it('tells a person whose score arrives after the reveal, and gives their reason back (never to the group)', async () => {
    let card = await startGroupMap();
    card = invokeCard(await group('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam'));
    const score = buttonData(card, 'mapping.score');
    await group('mapping.score', { ...score, score: '3', reason: 'First reason' }, 'sam');
    const samsView = invokeCard(await group('mapping.refresh', { sid: score.sid }, 'sam'));
    await group('mapping.reveal', buttonData(samsView, 'mapping.reveal'), 'sam');
    const late = await group(
      'mapping.score',
      { ...score, score: '6', reason: 'Mum has kept every appointment' },
      'alex',
    );
    expect(cardText(invokeCard(late))).toContain(
      'your 6 was not added. What you wrote, to share in the discussion: "Mum has kept every appointment"',
    );
    expect(late.updates).toEqual([]);
    const viaSubmit = await bot.send(
      submit(
        'mapping.score',
        { ...score, score: '6', reason: 'Mum has kept every appointment' },
        { user: 'alex', kind: 'groupChat' },
      ),
    );
    expect(JSON.stringify(viaSubmit.replies)).toContain('The scores have been revealed');
    expect(JSON.stringify(viaSubmit.replies)).not.toContain('Mum has kept every appointment');
  });

  it('keeps every item when several practitioners add at the same moment', async () => {
    const card = await startGroupMap();
    const add = buttonData(card, 'mapping.add');
    const people: UserKey[] = ['sam', 'alex', 'jo', 'kim'];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        group(
          'mapping.add',
          { ...add, subheading: 'past-harm', items: `parallel item ${i}` },
          people[i % people.length] as UserKey,
        ),
      ),
    );
    const [entry] = await bot.deps.store.list('mapping/');
    const stored = (await bot.deps.store.read([entry?.key ?? '']))[entry?.key ?? ''] as { items: { text: string }[] };
    expect(stored.items.map((i) => i.text).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `parallel item ${i}`).sort(),
    );
    expect(USERS.kim.name).toBe('Kim School');
  });
});

describe('a group edit renders the shared board only when it is sent', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    return bot.close();
  });

  it("answers with the clicker's own view and leaves everyone's view to the send (paced edits replace each other)", async () => {
    const card = await groupMapStarted(bot);
    const boards = jest.spyOn(cards, 'renderSliced');
    const questionRenders = () => boards.mock.calls.filter(([t]) => t.name === 'map-question').length;
    const delivery = await bot.deliveryOf(
      execute(
        'mapping.add',
        { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'Second worker item' },
        { user: 'alex', kind: 'groupChat' },
      ),
    );
    // Only Alex's own view so far: the board everyone shares is not rendered for an edit never sent.
    expect(questionRenders()).toBe(1);
    expect(delivery.updateMessage).toBeDefined();
    const shared = cardNow(delivery.updateMessage as NonNullable<typeof delivery.updateMessage>);
    expect(questionRenders()).toBe(2);
    expect(cardText(shared)).toContain('Second worker item');
    expect(cardText(shared)).toContain('My controls');
    expect(cardText('card' in delivery.answer ? delivery.answer.card : undefined)).not.toContain('My controls');
  });
});

describe('the base board everyone shares', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('offers "My controls" and not also "Refresh"; an Action.Submit press of it in a group gets a short notice', async () => {
    const card = await groupMapStarted(bot);
    const sid = buttonData(card, 'mapping.add').sid;
    const added = await bot.send(
      execute(
        'mapping.add',
        { sid, question: 'worries', subheading: 'past-harm', items: 'An item' },
        { user: 'alex', kind: 'groupChat' },
      ),
    );
    const shared = cardsIn(added.updates)[0];
    const titles = cardActions(shared).map((a) => a.title);
    expect(titles).toContain('My controls');
    expect(titles).not.toContain('Refresh');
    const pressed = await bot.send(submit('mapping.refresh', { sid }, { user: 'alex', kind: 'groupChat' }));
    expect(pressed.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^Alex Worker: your controls can only be shown to you in a newer Teams/),
    ]);
  });
});

describe('a group map through either action path (Universal Actions or the Action.Submit fallback)', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const paths = [
    ['Action.Execute', execute],
    ['Action.Submit', submit],
  ] as const;

  /** Everything the rest of the group can see after a turn: edited messages and new posts. */
  const seenByGroup = (result: TurnResult) => JSON.stringify([...result.updates, ...result.replies]);

  async function groupMapAtScaling(): Promise<Record<string, unknown>> {
    const started = await groupMapStarted(bot);
    const scaling = invokeCard(
      await bot.send(
        execute(
          'mapping.goto',
          { ...buttonData(started, 'mapping.next'), to: 'scaling' },
          { user: 'sam', kind: 'groupChat' },
        ),
      ),
    );
    return { ...buttonData(scaling, 'mapping.score'), rev: buttonData(scaling, 'mapping.next').rev };
  }

  it.each(paths)(
    '%s: a score refused by the identifier guard shows the group nothing of the reason',
    async (_label, send) => {
      const score = await groupMapAtScaling();
      const reason = 'worried since Mrs Kowalczyk moved in, NHS 943 476 5919';
      const result = await bot.send(
        send('mapping.score', { ...score, score: '3', reason }, { user: 'alex', kind: 'groupChat' }),
      );
      expect(seenByGroup(result)).not.toContain('Kowalczyk');
      expect(seenByGroup(result)).not.toContain('943');
      expect(result.updates).toEqual([]);
      if (send === submit)
        expect(String(result.replies[0]?.text)).toMatch(/^Alex Worker: .*(rephrase|identif|name|NHS)/i);
      else expect(JSON.stringify(invokeCard(result))).toContain('Kowalczyk');
    },
  );

  it.each(paths)('%s: an out-of-range score is refused without posting the reason', async (_label, send) => {
    const score = await groupMapAtScaling();
    const result = await bot.send(
      send(
        'mapping.score',
        { ...score, score: '42', reason: 'private reason text' },
        { user: 'alex', kind: 'groupChat' },
      ),
    );
    expect(result.updates).toEqual([]);
    expect(seenByGroup(result)).not.toContain('private reason text');
    expect(seenByGroup(result) + JSON.stringify(invokeCard(result) ?? '')).toMatch(/whole number from 0 to 10/);
  });

  it.each(paths)(
    '%s: a participant pressing a facilitator button leaves the shared board alone',
    async (_label, send) => {
      const score = await groupMapAtScaling();
      const result = await bot.send(
        send('mapping.reveal', { sid: score.sid, rev: score.rev }, { user: 'jo', kind: 'groupChat' }),
      );
      expect(result.updates).toEqual([]);
      expect(seenByGroup(result) + JSON.stringify(invokeCard(result) ?? '')).toMatch(/Only Sam Supervisor/);
    },
  );

  it.each(paths)(
    '%s: an accepted score updates the shared board without its number or reason',
    async (_label, send) => {
      const score = await groupMapAtScaling();
      const result = await bot.send(
        send(
          'mapping.score',
          { ...score, score: '6', reason: 'kept private until reveal' },
          { user: 'alex', kind: 'groupChat' },
        ),
      );
      expect(result.updates).toHaveLength(1);
      expect(cardText(cardsIn(result.updates)[0])).toContain('1 of 2 have scored.');
      expect(seenByGroup(result)).not.toContain('kept private until reveal');
    },
  );
});

describe('checkpoint and scaling questions fit who is there and what has happened', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const bank = () => bot.deps.content.prompts.prompts;
  /** The bank's questions a card offers. */
  const offered = (card: unknown) => bank().filter((p) => cardText(card).includes(p.text));
  /** Words that only make sense once someone has scored. */
  const SCORE_TALK = /\b(scores?|scored|this number|one point (higher|lower)|our numbers)\b/i;
  /** Words that only make sense with more than one person scoring. */
  const MANY = /\beveryone\b|\beach person\b|\bscores\b|the person with the highest/i;
  const act = (verb: string, data: Record<string, unknown>, user: UserKey, kind: 'personal' | 'groupChat') =>
    bot.send(execute(verb, data, { user, kind }));

  async function start(kind: 'personal' | 'groupChat', label: string) {
    const first = cardsIn((await bot.send(message('map', { kind, user: 'sam' }))).replies)[0];
    return invokeCard(await act('mapping.start', { ...buttonData(first, 'mapping.start'), label }, 'sam', kind));
  }

  it.each([
    ['personal', 'personal'],
    ['group', 'groupChat'],
  ] as const)('%s map, nobody has scored: no checkpoint speaks of scores', async (_name, kind) => {
    const items: [string, string][] = [
      ['past-harm', 'Last month the baby was bruised when dad pushed mum while she held her'],
      ['existing-safety', 'Gran has taken the children to her house every time dad drinks, for 8 weeks'],
      [
        'safety-goals',
        'Dad does not drink when he cares for the children, for six months, and Jo says home feels calm',
      ],
      ['next-steps', 'Social worker to book the network meeting by Friday'],
    ];
    const seen: string[] = [];
    // A few maps of different lengths, so each checkpoint draws different questions.
    for (let extra = 0; extra < 6; extra++) {
      let card = await start(kind, `Case ${extra}`);
      for (const [subheading, text] of items.slice(0, 1 + (extra % items.length)))
        card = invokeCard(
          await act('mapping.add', { ...buttonData(card, 'mapping.add'), subheading, items: text }, 'sam', kind),
        );
      for (let step = 0; step < 6 && !cardText(card).includes('Question 4 of 4'); step++) {
        seen.push(...offered(card).map((p) => p.text));
        card = invokeCard(await act('mapping.next', buttonData(card, 'mapping.next'), 'sam', kind));
      }
      await bot.send(message('delete', { kind, user: 'sam' }));
      const confirm = cardsIn((await bot.send(message('delete', { kind, user: 'sam' }))).replies)[0];
      if (confirm) await act('mapping.deleteConfirmed', buttonData(confirm, 'mapping.deleteConfirmed'), 'sam', kind);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((t) => SCORE_TALK.test(t))).toEqual([]);
  });

  it('personal map with one high score: the questions speak to one person, not "everyone"', async () => {
    let card = await start('personal', 'Case 5');
    card = invokeCard(
      await act('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam', 'personal'),
    );
    card = invokeCard(
      await act(
        'mapping.score',
        { ...buttonData(card, 'mapping.score'), score: '9', reason: 'Gran is there every day' },
        'sam',
        'personal',
      ),
    );
    const asked = offered(card).map((p) => p.text);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((t) => MANY.test(t))).toEqual([]);
    expect(asked.some((t) => t.startsWith('With a score of 8 or more'))).toBe(true);
  });

  it('group map where everyone scored 8 or more: once revealed, the questions say so', async () => {
    let card = await start('groupChat', 'Case 6');
    card = invokeCard(
      await act('mapping.goto', { ...buttonData(card, 'mapping.next'), to: 'scaling' }, 'sam', 'groupChat'),
    );
    const score = buttonData(card, 'mapping.score');
    // Before anyone scores, and while the scores are hidden, nothing is said about them.
    expect(offered(card).filter((p) => SCORE_TALK.test(p.text))).toEqual([]);
    await act('mapping.score', { ...score, score: '8', reason: 'Gran is there every day' }, 'alex', 'groupChat');
    const hidden = invokeCard(
      await act('mapping.score', { ...score, score: '9', reason: 'The plan has held' }, 'jo', 'groupChat'),
    );
    expect(offered(hidden).filter((p) => SCORE_TALK.test(p.text))).toEqual([]);
    const samsView = invokeCard(await act('mapping.refresh', { sid: score.sid }, 'sam', 'groupChat'));
    const revealed = invokeCard(
      await act('mapping.reveal', buttonData(samsView, 'mapping.reveal'), 'sam', 'groupChat'),
    );
    const asked = offered(revealed);
    expect(asked.some((p) => p.triggers?.includes('all-high'))).toBe(true);
    expect(asked.map((p) => p.text).filter((t) => t.startsWith('With a score of'))).toEqual([]);
  });
});
