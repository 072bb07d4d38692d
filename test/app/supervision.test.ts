import { SupervisionCards } from '../../src/features/supervision/cards';
import { isReasonableDate } from '../../src/features/supervision/model';
import { execute, message } from '../helpers/activities';
import { buttonData, cardActions, cardInput, cardNodes, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

describe('reflective supervision', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create({ clock: () => Date.UTC(2026, 10, 29, 10) });
  });
  afterEach(() => bot.close());

  const start = async () => invokeCard(await bot.send(execute('supervision.start', { label: 'Case 7' })));

  it('starts with the experience stage and questions from the prompt bank', async () => {
    const first = cardsIn((await bot.send(message('supervise'))).replies)[0];
    expect(cardText(first)).toContain('Reflective supervision');
    expect(cardText(first)).toMatch(/no names, dates of birth/);
    const card = await start();
    const text = cardText(card);
    expect(text).toContain('The experience');
    const experience = bot.deps.content.prompts.prompts
      .filter((p) => p.stages.includes('experience'))
      .map((p) => p.text);
    expect(experience.filter((p) => text.includes(p))).toHaveLength(3);
  });

  it('runs the whole cycle to an action summary that can be copied as text', async () => {
    let card = await start();
    card = invokeCard(
      await bot.send(
        execute('supervision.addNote', {
          ...buttonData(card, 'supervision.addNote'),
          note: 'Visited twice; the baby was asleep',
        }),
      ),
    );
    for (let i = 0; i < 3; i++)
      card = invokeCard(await bot.send(execute('supervision.next', buttonData(card, 'supervision.next'))));
    expect(cardText(card)).toContain('Action planning');
    card = invokeCard(
      await bot.send(
        execute('supervision.addAction', {
          ...buttonData(card, 'supervision.addAction'),
          what: 'Arrange a family network meeting',
          owner: 'Alex (social worker)',
          byWhen: '2026-12-12',
        }),
      ),
    );
    expect(cardText(card)).toContain('Action added.');
    card = invokeCard(await bot.send(execute('supervision.next', buttonData(card, 'supervision.next'))));
    const summary = cardText(card);
    expect(summary).toContain('Agreed actions');
    expect(summary).toContain('Arrange a family network meeting (Alex (social worker))');
    expect(summary).toContain('Visited twice; the baby was asleep');
    const copied = await bot.send(execute('supervision.copy', buttonData(card, 'supervision.copy')));
    expect(String(copied.replies[1]?.text)).toContain(
      'Arrange a family network meeting | Who: Alex (social worker) | By: 12 Dec 2026',
    );
  });

  it('refuses an impossible date kindly, keeping the action typed', async () => {
    let card = await start();
    card = invokeCard(
      await bot.send(execute('supervision.goto', { ...buttonData(card, 'supervision.goto'), to: 'action' })),
    );
    const after = invokeCard(
      await bot.send(
        execute('supervision.addAction', {
          ...buttonData(card, 'supervision.addAction'),
          what: 'Call school',
          owner: 'Alex',
          byWhen: '2026-02-31',
        }),
      ),
    );
    expect(cardText(after)).toMatch(/choose a real date/);
    expect(JSON.stringify(after)).toContain('Call school');
  });

  /** Where, in reading order, the first element matching each test sits on the card. */
  const order = (card: unknown, ...tests: ((n: Record<string, unknown>) => boolean)[]): number[] => {
    const nodes = cardNodes(card);
    return tests.map((t) => nodes.findIndex(t));
  };
  const saying = (words: RegExp) => (n: Record<string, unknown>) => typeof n.text === 'string' && words.test(n.text);
  const input = (id: string) => (n: Record<string, unknown>) => String(n.type).startsWith('Input.') && n.id === id;
  const button = (verb: string) => (n: Record<string, unknown>) => n.type === 'Action.Execute' && n.verb === verb;

  it('shows a refused note between its box and the "Add note" button, keeping the text', async () => {
    const card = await start();
    const typed = 'Dad shouted; his NHS number is 943 476 5919';
    const after = invokeCard(
      await bot.send(execute('supervision.addNote', { ...buttonData(card, 'supervision.addNote'), note: typed })),
    );
    const [box = -1, warning = -1, pressed = -1] = order(
      after,
      input('note'),
      saying(/NHS number/),
      button('supervision.addNote'),
    );
    expect(box).toBeGreaterThan(0);
    expect(warning).toBeGreaterThan(box);
    expect(pressed).toBeGreaterThan(warning);
    expect(cardInput(after, 'note')?.value).toBe(typed);
  });

  it('shows a refused action date next to "Add action", and the card checks the date range itself', async () => {
    let card = await start();
    card = invokeCard(
      await bot.send(execute('supervision.goto', { ...buttonData(card, 'supervision.goto'), to: 'action' })),
    );
    const date = cardInput(card, 'byWhen');
    // The same range the model accepts on 29 Nov 2026: a year back, two years on, and not a day more.
    expect(date).toMatchObject({ min: '2025-11-29', max: '2028-11-30', errorMessage: expect.any(String) });
    const now = Date.UTC(2026, 10, 29, 10);
    expect([
      isReasonableDate('2025-11-28', now),
      isReasonableDate('2025-11-29', now),
      isReasonableDate('2028-11-30', now),
      isReasonableDate('2028-12-01', now),
    ]).toEqual([false, true, true, false]);
    const after = invokeCard(
      await bot.send(
        execute('supervision.addAction', {
          ...buttonData(card, 'supervision.addAction'),
          what: 'Call school',
          owner: 'Alex',
          byWhen: '2026-02-31',
        }),
      ),
    );
    const [owner = -1, warning = -1, pressed = -1] = order(
      after,
      input('owner'),
      saying(/choose a real date/),
      button('supervision.addAction'),
    );
    expect(owner).toBeGreaterThan(0);
    expect(warning).toBeGreaterThan(owner);
    expect(pressed).toBeGreaterThan(warning);
  });

  it('never asks a supervision stage about scores or a map, whatever questions are drawn', () => {
    const cards = new SupervisionCards(bot.deps.content, 30);
    const bank = bot.deps.content.prompts.prompts;
    const asked = new Set<string>();
    for (let seed = 0; seed < 200; seed++)
      for (const ids of Object.values(cards.choosePrompts(seed))) for (const id of ids) asked.add(id);
    const texts = [...asked].map((id) => bank.find((p) => p.id === id)?.text ?? '');
    expect(texts.length).toBeGreaterThan(10);
    // Someone's actual score or several people's; "what score would a colleague give" asks about none.
    const aboutScores = /\b(the score|scores|this number|our numbers|one point (higher|lower))\b/i;
    expect(texts.filter((t) => aboutScores.test(t))).toEqual([]);
  });

  it('answers a card from a deleted conversation without changing anything', async () => {
    const card = await start();
    const add = buttonData(card, 'supervision.addNote');
    await bot.send(execute('supervision.deleteConfirmed', { sid: add.sid }));
    const after = invokeCard(await bot.send(execute('supervision.addNote', { ...add, note: 'late' })));
    expect(cardText(after)).toMatch(/since been deleted/);
    expect(await bot.deps.store.list('supervision/')).toEqual([]);
  });

  it('refuses a malformed payload kindly', async () => {
    await start();
    const after = invokeCard(
      await bot.send(execute('supervision.addNote', { sid: 'x', stage: 'feelings', note: 'x' })),
    );
    expect(cardText(after)).toMatch(/couldn't read what that card sent/);
  });
});

describe('resume, status, close and delete with two kinds of session', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('acts on the only session there is', async () => {
    await bot.send(execute('supervision.start', { label: 'Case 7' }));
    expect(cardText(cardsIn((await bot.send(message('resume'))).replies)[0])).toContain('The experience');
    expect(String((await bot.send(message('status'))).replies[0]?.text)).toMatch(
      /"Case 7", with Sam Supervisor supervising, is in progress/,
    );
  });

  it('asks which one when a map and a supervision conversation are both open', async () => {
    await bot.send(execute('supervision.start', { label: 'Case 7' }));
    await bot.send(execute('mapping.start', { label: 'Case 8' }));
    const card = cardsIn((await bot.send(message('resume'))).replies)[0];
    expect(cardText(card)).toContain('Which one?');
    const buttons = cardActions(card);
    expect(buttons.map((b) => b.title)).toEqual(['The map', 'The supervision']);
    const map = cardsIn((await bot.send(execute('help.run', buttons[0]?.data ?? {}))).replies)[0];
    expect(cardText(map)).toContain('Case 8 · Signs of Safety map');
    expect(cardText(cardsIn((await bot.send(message('resume supervision'))).replies)[0])).toContain(
      'Case 7 · Reflective supervision',
    );
  });

  it('deletes only the kind named, after confirmation', async () => {
    await bot.send(execute('supervision.start', { label: 'Case 7' }));
    await bot.send(execute('mapping.start', { label: 'Case 8' }));
    const confirm = cardsIn((await bot.send(message('delete supervision'))).replies)[0];
    expect(cardText(confirm)).toContain('Delete this supervision conversation?');
    await bot.send(execute('supervision.deleteConfirmed', buttonData(confirm, 'supervision.deleteConfirmed')));
    expect(await bot.deps.store.list('supervision/')).toEqual([]);
    expect(await bot.deps.store.list('mapping/')).toHaveLength(1);
  });

  it('says so when there is nothing to resume', async () => {
    expect(String((await bot.send(message('resume'))).replies[0]?.text)).toMatch(/no map or supervision conversation/);
    expect(String((await bot.send(message('close supervision'))).replies[0]?.text)).toMatch(
      /no supervision conversation/,
    );
  });
});
