import { execute, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

describe('reflect', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const promptText = (card: unknown) => cardText(card).split('\n')[1] ?? '';

  it('gives one reflective question with "another" and "a different kind"', async () => {
    const card = cardsIn((await bot.send(message('reflect'))).replies)[0];
    const texts = bot.deps.content.prompts.prompts.map((p) => p.text);
    expect(texts).toContain(promptText(card));
    const titles = cardActions(card).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Another', 'Show me one']));
    expect(titles).not.toContain('Use this in our map');
  });

  it('does not repeat a question in the conversation until its category is used up', async () => {
    // Reflection has no map and no scores: a question that rests on them (`needs`) is never picked.
    const size = bot.deps.content.prompts.prompts.filter((p) => p.category === 'pessimism' && !p.needs).length;
    let card = cardsIn((await bot.send(message('reflect pessimism'))).replies)[0];
    const seen = [promptText(card)];
    for (let i = 1; i < size; i++) {
      card = invokeCard(await bot.send(execute('reflect.next', { category: 'pessimism' })));
      seen.push(promptText(card));
    }
    expect(new Set(seen).size).toBe(size);
  });

  it('switches to the kind of question picked', async () => {
    const card = invokeCard(await bot.send(execute('reflect.next', { category: 'drift', pick: 'child' })));
    expect(cardText(card)).toContain('The child at the centre');
  });

  it('treats a tampered category as a request for any question, saying so', async () => {
    const card = invokeCard(await bot.send(execute('reflect.next', { category: 'nonsense' })));
    expect(cardText(card)).toMatch(/couldn't read what that card sent/);
  });

  it('keeps a question in view on the open map', async () => {
    await bot.send(execute('mapping.start', { label: 'Case 2' }));
    const card = cardsIn((await bot.send(message('reflect analysis'))).replies)[0];
    const pin = cardActions(card).find((a) => a.title === 'Use this in our map');
    expect(pin).toBeDefined();
    const result = await bot.send(execute('reflect.pin', pin?.data ?? {}));
    expect(String(result.replies[0]?.text)).toContain('Added to "Case 2"');
    const board = cardsIn((await bot.send(message('resume'))).replies)[0];
    expect(cardText(board)).toContain(promptText(card));
  });
});
