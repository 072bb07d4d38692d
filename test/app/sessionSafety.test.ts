import { execute, message, type UserKey } from '../helpers/activities';
import { buttonData, cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

/** Issue 10's session-safety defects, in a group chat: replace, audited reads, audit visibility, forget me. */
describe('a group session is never lost by accident', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create({ env: { PRACTICE_LEADS: '29:user-sam' } });
  });
  afterEach(() => bot.close());

  const inGroup = { kind: 'groupChat' as const };
  const act = (verb: string, data: Record<string, unknown>, user: UserKey) =>
    bot.send(execute(verb, data, { ...inGroup, user }));
  const say = (text: string, user: UserKey) => bot.send(message(text, { ...inGroup, user }));
  const audit = async () => (await bot.deps.audit.recent(50)).map((e) => `${e.action} ${e.kind} ${e.session}`);

  async function closedGroupMap(): Promise<string> {
    const start = cardsIn((await say('map', 'sam')).replies)[0];
    const board = invokeCard(
      await act('mapping.start', { ...buttonData(start, 'mapping.start'), label: 'Case 1' }, 'sam'),
    );
    const add = buttonData(board, 'mapping.add');
    await act('mapping.add', { ...add, subheading: 'past-harm', items: 'alex wrote this' }, 'alex');
    await say('close', 'sam');
    return String(add.sid);
  }

  it("does not let a participant's new map wipe a closed one", async () => {
    const sid = await closedGroupMap();
    const reply = cardsIn((await say('map Something else', 'alex')).replies)[0];
    expect(cardText(reply)).toMatch(/The last map here is closed/);
    expect(cardText(reply)).toMatch(/Only Sam Supervisor can delete it/);
    expect(cardActions(reply).map((a) => a.verb)).not.toContain('mapping.replace');
    // A forged replace is refused too.
    const forged = invokeCard(await act('mapping.replace', { sid, label: 'Something else' }, 'alex'));
    expect(cardText(forged)).toMatch(/Only Sam Supervisor/);
    const summary = cardText(cardsIn((await say('summary', 'sam')).replies)[0]);
    expect(summary).toContain('alex wrote this');
    expect(await audit()).not.toContain(`delete mapping ${sid}`);
  });

  it('lets the facilitator replace a closed map after saying what it deletes, and audits the delete', async () => {
    const sid = await closedGroupMap();
    const reply = cardsIn((await say('map Case 2', 'sam')).replies)[0];
    expect(cardText(reply)).toMatch(/deletes it for everyone/);
    const fresh = invokeCard(await act('mapping.replace', buttonData(reply, 'mapping.replace'), 'sam'));
    expect(cardText(fresh)).toContain('Case 2');
    expect(cardText(fresh)).not.toContain('alex wrote this');
    expect(await audit()).toContain(`delete mapping ${sid}`);
  });

  it('refuses an identifying label for the replacement and keeps the old map', async () => {
    const sid = await closedGroupMap();
    const reply = invokeCard(await act('mapping.replace', { sid, label: 'Mrs Kowalczyk family' }, 'sam'));
    expect(cardText(reply)).toMatch(/name/);
    expect(cardText(cardsIn((await say('summary', 'sam')).replies)[0])).toContain('alex wrote this');
  });

  it('does not let a participant replace a closed supervision conversation', async () => {
    const start = invokeCard(await act('supervision.start', { label: 'Sup 1' }, 'sam'));
    await act('supervision.addNote', { ...buttonData(start, 'supervision.addNote'), note: 'a note' }, 'sam');
    await say('close supervision', 'sam');
    const reply = cardsIn((await say('supervise Other', 'alex')).replies)[0];
    expect(cardText(reply)).toMatch(/Only Sam Supervisor can delete it/);
    expect(cardActions(reply).map((a) => a.verb)).not.toContain('supervision.replace');
    const summary = cardText(cardsIn((await say('summary supervision', 'sam')).replies)[0]);
    expect(summary).toContain('a note');
  });

  it('audits reads from card buttons as it does typed reads', async () => {
    const sid = await closedGroupMap();
    const before = (await audit()).filter((a) => a === `read mapping ${sid}`).length;
    await act('mapping.summary', { sid }, 'alex');
    await act('mapping.resume', { sid }, 'jo');
    const after = (await audit()).filter((a) => a === `read mapping ${sid}`).length;
    expect(after - before).toBe(2);
  });

  it('shows the audit trail only in a personal chat', async () => {
    await closedGroupMap();
    const inGroupReply = await say('audit', 'sam');
    expect(cardsIn(inGroupReply.replies)).toEqual([]);
    expect(String(inGroupReply.replies[0]?.text)).toMatch(/only in a personal chat/);
    const personal = cardsIn((await bot.send(message('audit', { user: 'sam' }))).replies)[0];
    expect(cardText(personal)).toMatch(/mapping/);
  });

  it("keeps everyone else's contributions when the facilitator says forget me", async () => {
    const start = cardsIn((await say('map', 'sam')).replies)[0];
    const board = invokeCard(
      await act('mapping.start', { ...buttonData(start, 'mapping.start'), label: 'Case 3' }, 'sam'),
    );
    const add = buttonData(board, 'mapping.add');
    await act('mapping.add', { ...add, subheading: 'past-harm', items: 'sam wrote this' }, 'sam');
    await act('mapping.add', { ...add, subheading: 'past-harm', items: 'alex wrote this' }, 'alex');
    await act('privacy.forgetConfirmed', {}, 'sam');
    const summary = cardText(cardsIn((await say('summary', 'alex')).replies)[0]);
    expect(summary).toContain('alex wrote this');
    expect(summary).not.toContain('sam wrote this');
    expect(summary).toMatch(/Facilitator: Alex Worker/);
  });
});

describe('unanswered glossary questions', () => {
  const DAY = 24 * 60 * 60 * 1000;
  // The bot's clock starts at the real time: the store stamps what it writes with the real time, so a
  // fixed start date made "31 days later" fall short of the retention period once that date had passed.
  let now = Date.now();
  let bot: TestBot;
  beforeEach(() => {
    now = Date.now();
    bot = TestBot.create({ env: { PRACTICE_LEADS: '29:user-sam' }, clock: () => now });
  });
  afterEach(() => bot.close());

  const kept = async () =>
    JSON.stringify(await bot.deps.store.read((await bot.deps.store.list('glossary/unanswered/')).map((e) => e.key)));

  it('keeps none that name someone or give an address, however it is written', async () => {
    for (const q of [
      'zorblefrump for kayleigh brown at 12 acacia avenue',
      'what is a frobnitz for Mum Kayleigh',
      'frobnitz 943\u00a0476\u00a05919',
    ])
      await bot.send(message(q));
    await bot.send(message('what is a frobnitz'));
    const stored = await kept();
    expect(stored).toContain('frobnitz');
    expect(stored).not.toMatch(/kayleigh|acacia|943/i);
  });

  it('deletes them once they have not been asked for the retention period', async () => {
    await bot.send(message('what is a frobnitz'));
    expect(await kept()).toContain('frobnitz');
    now += 31 * DAY;
    // The hourly sweep (the same one production runs).
    const removed = await bot.sweep(now);
    expect(removed).toBeGreaterThan(0);
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });

  it('are shown to practice leads only in a personal chat', async () => {
    await bot.send(message('what is a frobnitz'));
    const inGroup = await bot.send(message('glossary insights', { kind: 'groupChat', user: 'sam' }));
    expect(cardsIn(inGroup.replies)).toEqual([]);
    expect(JSON.stringify(inGroup.replies)).not.toContain('frobnitz');
    const personal = cardsIn((await bot.send(message('glossary insights', { user: 'sam' }))).replies)[0];
    expect(cardText(personal)).toContain('frobnitz');
  });
});
