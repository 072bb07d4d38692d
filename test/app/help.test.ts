import { execute, installed, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

describe('welcome and help', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('welcomes people with what the bot does and a privacy warning when it is installed', async () => {
    const { replies } = await bot.send(installed());
    const [card] = cardsIn(replies);
    expect(replies).toHaveLength(1);
    expect(cardText(card)).toContain('Welcome to SofS Companion');
    expect(cardText(card)).toMatch(/Do not enter names, dates of birth/);
  });

  it('does not welcome again when someone else joins a group chat', async () => {
    const joined = installed({ kind: 'groupChat' });
    joined.membersAdded = [{ id: '29:user-new', name: 'New Person' }];
    expect((await bot.send(joined)).replies).toEqual([]);
  });

  it.each(['help', 'Help!', '  HELP ', '?', 'hepl', 'halp'])('answers "%s" with the help card', async (text) => {
    const { replies } = await bot.send(message(text));
    expect(cardText(cardsIn(replies)[0])).toContain('What I can help with');
  });

  it('answers in a group chat only when @mentioned', async () => {
    expect((await bot.send(message('help', { kind: 'groupChat', mention: false }))).replies).toEqual([]);
    const { replies } = await bot.send(message('help', { kind: 'groupChat' }));
    expect(cardText(cardsIn(replies)[0])).toContain('What I can help with');
  });

  it('explains an unknown slash command and shows what it can do', async () => {
    const { replies } = await bot.send(message('/frobnicate now'));
    const text = cardText(cardsIn(replies)[0]);
    expect(text).toContain('I don\'t know the command "/frobnicate"');
    expect(text).toContain('What I can help with');
  });

  it('runs a command from a help-card button and posts its answer', async () => {
    const result = await bot.send(execute('help.run', { command: 'help' }));
    expect(cardText(cardsIn(result.replies)[0])).toContain('What I can help with');
    expect(result.invoke?.status).toBe(200);
  });

  it('answers a button it does not recognise kindly, without an error', async () => {
    const result = await bot.send(execute('nonsense.verb', { x: 1 }));
    expect(result.invoke).toMatchObject({ status: 200, body: { type: 'application/vnd.microsoft.activity.message' } });
    expect(JSON.stringify(result.invoke?.body)).toMatch(/isn't one I recognise/);
    expect(invokeCard(result)).toBeUndefined();
  });

  it('offers only buttons that lead somewhere', async () => {
    const { replies } = await bot.send(message('help'));
    for (const action of cardActions(cardsIn(replies)[0])) {
      expect(action.verb).toBe('help.run');
      const answer = await bot.send(execute('help.run', action.data));
      expect(answer.replies.length).toBeGreaterThan(0);
    }
  });

  it('says too-long messages are too long instead of processing them', async () => {
    const { replies } = await bot.send(message('a'.repeat(5000)));
    expect(replies[0]?.text).toMatch(/longer than I can take/);
  });
});
