import { execute, message, submit } from '../helpers/activities';
import {
  buttonData,
  cardActions,
  cardInput,
  cardNodes,
  cardText,
  inputValue,
  textBlocks,
  textRuns,
} from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

const _nodes = cardNodes;
const input = cardInput;
/** Text shown as plain text (TextRuns), where markdown in user text is not rendered. */
const plainRuns = (card: unknown): string => textRuns(card).join('\n');
/** Text shown as markdown (TextBlocks). */
const markdownBlocks = (card: unknown): string => textBlocks(card).join('\n');

const own = { question: 'How settled is the child at school?', zero: 'not settled at all', ten: 'happy and settled' };

describe('the scaling tool', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const typed = async (text: string) => cardsIn((await bot.send(message(text))).replies)[0];
  const press = async (verb: string, data: Record<string, unknown>) => invokeCard(await bot.send(execute(verb, data)));
  /** Sets up a question and returns the card asking for a number. */
  const ask = async (data: Record<string, unknown> = own) => press('scale.ask', data);

  it('offers the ready-made questions, with the trust wording for safety, and room to write your own', async () => {
    const card = await typed('scale');
    const text = cardText(card);
    for (const title of ['Safety', 'Confidence in the plan', 'Ask the parent or carer', 'Progress towards the goal'])
      expect(text).toContain(title);
    expect(text).toContain('the child is not safe and their needs are not being met at all');
    expect(text).toContain('the child is safe, has all their needs met and is thriving');
    expect(text).toContain("From the trust's tea-break guide");
    expect(text.match(/Widely used in Signs of Safety practice; wording varies by area/g)).toHaveLength(3);
    for (const id of ['about', 'question', 'zero', 'ten']) expect(input(card, id)?.label).toBeTruthy();
    expect(
      cardActions(card)
        .filter((a) => a.verb === 'scale.ask')
        .map((a) => a.data.preset),
    ).toEqual(['safety', 'confidence', 'willingness', 'progress', undefined]);
  });

  it.each(['scaling question', 'new scale', 'Scale it', 'SCALE'])('sets up a question from "%s"', async (said) => {
    expect(cardText(await typed(said))).toContain('Ready-made questions');
  });

  it('asks a ready-made question straight away from "scale confidence"', async () => {
    const card = await typed('scale confidence');
    expect(plainRuns(card)).toContain('how confident are you that the plan will keep the child safe?');
    expect(input(card, 'score')).toBeDefined();
  });

  it('puts other words after "scale" into your own question', async () => {
    const card = await typed('scale How safe does the child feel at night?');
    expect(inputValue(card, 'question')).toBe('How safe does the child feel at night?');
  });

  it('walks a ready-made question to the end: number, why, one point higher, copy as text', async () => {
    const setup = await typed('scale');
    let card = await press('scale.ask', { ...cardActions(setup)[0]?.data, about: '', question: '', zero: '', ten: '' });
    const score = input(card, 'score') as { choices: { value: string }[]; style: string };
    expect(score.choices.map((c) => c.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(input(card, 'reason')?.label).toBe('Why that number, and not lower?');

    card = await press('scale.score', {
      ...buttonData(card, 'scale.score'),
      score: '6',
      reason: 'Gran is there daily',
    });
    expect(cardText(card)).toContain('6 out of 10');
    expect(plainRuns(card)).toContain('Gran is there daily');
    expect(input(card, 'higher')?.label).toBe('What would one point higher (7) look like?');

    card = await press('scale.higher', { ...buttonData(card, 'scale.higher'), higher: 'A plan agreed with gran' });
    expect(input(card, 'higher')).toBeUndefined();
    expect(plainRuns(card)).toContain('A plan agreed with gran');
    expect(cardActions(card).map((a) => a.title)).toEqual(['Copy as text', 'New question']);

    const copied = await bot.send(execute('scale.copy', buttonData(card, 'scale.copy')));
    expect(copied.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/as plain text/),
      [
        "Scaling question: On a scale of 0 to 10, where would you put the child's safety today, and why?",
        '0 means: the child is not safe and their needs are not being met at all',
        '10 means: the child is safe, has all their needs met and is thriving',
        'Score: 6 out of 10',
        'Why 6 and not lower: Gran is there daily',
        'What 7 would look like: A plan agreed with gran',
      ].join('\n'),
    ]);
    expect(copied.replies.every((r) => r.textFormat === 'plain')).toBe(true);
  });

  it('asks your own question with your own ends, shown as plain text', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
    const question = '<b>How</b> **settled** is she at ${school}?';
    const card = await ask({ ...own, question });
    expect(plainRuns(card)).toContain('**settled** is she at $\u200b{school}?');
    expect(plainRuns(card)).toContain('not settled at all');
    expect(markdownBlocks(card)).not.toMatch(/settled|<b>/);
    const result = await press('scale.score', { ...buttonData(card, 'scale.score'), score: '3' });
    const final = await press('scale.higher', { ...buttonData(result, 'scale.higher'), higher: '' });
    const copied = await bot.send(execute('scale.copy', buttonData(final, 'scale.copy')));
    expect(copied.replies[1]?.text).toContain(`Scaling question: ${question}`);
    expect(copied.replies[1]?.text).toContain('Why 3 and not lower: not given');
  });

  it('asks what would help a 10 stay there', async () => {
    const card = await ask();
    const result = await press('scale.score', { ...buttonData(card, 'scale.score'), score: 10 });
    expect(input(result, 'higher')?.label).toBe("It's a 10. What will help it stay there?");
  });

  it('asks for a missing question kindly, keeping the ends that were typed', async () => {
    const card = await ask({ ...own, question: '   ' });
    expect(cardText(card)).toContain('Please write the question you want to ask.');
    expect(inputValue(card, 'zero')).toBe(own.zero);
    expect(inputValue(card, 'ten')).toBe(own.ten);
    expect(input(card, 'score')).toBeUndefined();
  });

  it('asks for what 0 and 10 mean', async () => {
    const card = await ask({ question: own.question, zero: '', ten: '' });
    expect(cardText(card)).toContain('Please say what 0 means on this scale');
    expect(cardText(card)).toContain('Please say what 10 means on this scale');
    expect(inputValue(card, 'question')).toBe(own.question);
  });

  it.each([
    ['question', 201, 'The question is 201 characters long; the limit is 200.'],
    ['zero', 161, 'What 0 means is 161 characters long; the limit is 160.'],
    ['ten', 170, 'What 10 means is 170 characters long; the limit is 160.'],
  ])('refuses a %s of %i characters, keeping the text', async (field, length, says) => {
    const long = 'w'.repeat(length);
    const card = await ask({ ...own, [field]: long });
    expect(cardText(card)).toContain(says);
    expect(inputValue(card, field)).toBe(long);
  });

  it.each([['11'], ['-1'], ['abc'], ['4.5'], ['']])(
    'refuses the score "%s", keeping the reason and the question',
    async (score) => {
      const card = await ask();
      const refused = await press('scale.score', { ...buttonData(card, 'scale.score'), score, reason: 'Because' });
      expect(cardText(refused)).toContain('Please choose a whole number from 0 to 10.');
      expect(inputValue(refused, 'reason')).toBe('Because');
      expect(plainRuns(refused)).toContain(own.question);
    },
  );

  it('refuses an over-long reason, keeping the number chosen and every word', async () => {
    const card = await ask();
    const reason = 'r'.repeat(601);
    const refused = await press('scale.score', { ...buttonData(card, 'scale.score'), score: '5', reason });
    expect(cardText(refused)).toContain('Why that number is 601 characters long; the limit is 600.');
    expect(inputValue(refused, 'reason')).toBe(reason);
    expect(inputValue(refused, 'score')).toBe('5');
  });

  it('refuses an over-long "one point higher", keeping it', async () => {
    const result = await press('scale.score', { ...buttonData(await ask(), 'scale.score'), score: '5' });
    const higher = 'h'.repeat(650);
    const refused = await press('scale.higher', { ...buttonData(result, 'scale.higher'), higher });
    expect(cardText(refused)).toContain('is 650 characters long; the limit is 600');
    expect(inputValue(refused, 'higher')).toBe(higher);
    expect(cardText(refused)).toContain('5 out of 10');
  });

  it('re-checks a tampered card at every step', async () => {
    // A score card whose question was emptied goes back to setting up the question.
    const noQuestion = await press('scale.score', { ...own, question: '', score: '5' });
    expect(cardText(noQuestion)).toContain('Please write the question');
    // A result card whose score was changed goes back to asking for the number.
    const badScore = await press('scale.higher', { ...own, score: '42', reason: 'Kept', higher: 'x' });
    expect(cardText(badScore)).toContain('Please choose a whole number from 0 to 10.');
    expect(inputValue(badScore, 'reason')).toBe('Kept');
    // Copying a round with an out-of-range score copies nothing.
    const copy = await bot.send(execute('scale.copy', { ...own, score: '99' }));
    expect(copy.replies).toEqual([]);
    expect(cardText(invokeCard(copy))).toContain('Please choose a whole number');
  });

  it('answers payloads of the wrong shape kindly, keeping the text that did arrive', async () => {
    const card = await press('scale.score', { ...own, score: { n: 5 }, reason: 'Still here' });
    expect(cardText(card)).toMatch(/couldn't read what that card sent/);
    expect(inputValue(card, 'reason')).toBe('Still here');
    const unknownPreset = await press('scale.ask', { preset: 'happiness', ...own });
    expect(cardText(unknownPreset)).toContain("That ready-made question isn't available any more.");
    expect(inputValue(unknownPreset, 'question')).toBe(own.question);
    const unknownVerb = await bot.send(execute('scale.explode', {}));
    expect(unknownVerb.replies[0]?.text).toMatch(/isn't one I recognise/);
  });

  it('still answers with a card Teams accepts when a forged payload carries huge text', async () => {
    const huge = '€'.repeat(20_000);
    const setup = await ask({ question: huge, zero: huge, ten: huge, about: huge });
    expect(cardText(setup)).toContain('The question is 20000 characters long; the limit is 200.');
    const scored = await press('scale.score', { ...own, about: 'a'.repeat(3600), score: '2', reason: huge });
    expect(cardText(scored)).toContain('Why that number is 20000 characters long');
  });

  it('starts a new question from the final card without losing the old one', async () => {
    const result = await bot.send(execute('scale.start', {}));
    expect(invokeCard(result)).toBeUndefined();
    expect(cardText(cardsIn(result.replies)[0])).toContain('Ready-made questions');
  });

  it('works through the Action.Submit fallback, editing the card in place', async () => {
    const result = await bot.send(submit('scale.ask', { preset: 'progress' }));
    expect(result.updates).toHaveLength(1);
    expect(plainRuns(cardsIn(result.updates)[0])).toContain('how close are we to the safety goal?');
  });

  it('is listed on the help card', async () => {
    expect(cardText(await typed('help'))).toContain('Scaling question');
  });

  it('keeps what people type out of the logs', async () => {
    const card = await ask({ ...own, question: 'Zebra question' });
    await press('scale.score', { ...buttonData(card, 'scale.score'), score: '77', reason: 'Zebra reason' });
    expect(bot.logs.text).not.toContain('Zebra');
  });
});
