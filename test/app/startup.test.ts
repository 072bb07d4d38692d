import * as searchModule from '../../src/features/glossary/search';
import { composeQuery, message } from '../helpers/activities';
import { cardText } from '../helpers/cardCheck';
import { cardsIn, TestBot } from '../helpers/testBot';

describe('start-up work a first answer does not need', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    jest.restoreAllMocks();
  });

  /** Counts the indexes built (each a real one). */
  const counted = () => {
    const Real = searchModule.GlossarySearch;
    return jest
      .spyOn(searchModule, 'GlossarySearch')
      .mockImplementation((...args: ConstructorParameters<typeof Real>) => new Real(...args));
  };

  it('builds the glossary index at the first glossary question, once, not when the bot is made or for help', async () => {
    const built = counted();
    bot = TestBot.create();
    expect(built).not.toHaveBeenCalled();
    expect(cardText(cardsIn((await bot.send(message('help'))).replies)[0])).toContain('What I can help with');
    expect(built).not.toHaveBeenCalled();

    const { replies } = await bot.send(message('what is a danger statement'));
    expect(cardText(cardsIn(replies)[0])).toContain('Danger statement');
    expect(built).toHaveBeenCalledTimes(1);
    await bot.send(message('what is a safety goal'));
    bot.prepare();
    expect(built).toHaveBeenCalledTimes(1);
  });

  it('builds it when start-up prepares it, and questions and the compose-box search use that one', async () => {
    const built = counted();
    bot = TestBot.create();
    bot.prepare();
    expect(built).toHaveBeenCalledTimes(1);
    const { replies } = await bot.send(message('what is a danger statement'));
    expect(cardText(cardsIn(replies)[0])).toContain('Danger statement');
    const search = await bot.send(composeQuery('danger'));
    expect(JSON.stringify(search.invoke?.body)).toContain('Danger statement');
    expect(built).toHaveBeenCalledTimes(1);
  });
});
