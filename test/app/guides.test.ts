import { execute, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

const GUIDE_TITLES = [
  'Three Houses',
  'Words and Pictures',
  'Safety House',
  'Family Network Meeting',
  'Safety Planning',
  'Safety Circles',
];

describe('practice-tool guides', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const typed = async (text: string) => {
    const { replies } = await bot.send(message(text));
    expect(cardsIn(replies)).toHaveLength(1);
    return cardsIn(replies)[0];
  };
  /** True for a guide card (steps and tips), false for a glossary term or the list. */
  const isGuide = (card: unknown) => cardText(card).includes('Practice tool guide');

  it.each(['tools', 'practice tools', 'Guides', 'guide'])('lists the six guides for "%s"', async (said) => {
    const card = await typed(said);
    const text = cardText(card);
    for (const title of GUIDE_TITLES) expect(text).toContain(title);
    expect(cardActions(card).filter((a) => a.verb === 'guides.show')).toHaveLength(6);
  });

  it('opens each guide from the list in place, with its steps, tips, source and a link to read more', async () => {
    const list = await typed('tools');
    for (const action of cardActions(list).filter((a) => a.verb === 'guides.show')) {
      const result = await bot.send(execute('guides.show', action.data));
      const card = invokeCard(result);
      expect(result.replies).toEqual([]);
      const text = cardText(card);
      const guide = bot.deps.content.guides.find((g) => g.id === action.data.id);
      if (!guide) throw new Error(`No guide ${String(action.data.id)}`);
      expect(text).toContain(guide.title);
      expect(text).toContain('When to use it');
      guide.steps.forEach((step, i) => {
        expect(text).toContain(`${i + 1}.`);
        expect(text).toContain(step);
      });
      for (const tip of guide.tips) expect(text).toContain(tip);
      expect(text).toContain(`Source: ${guide.source.name}`);
      const link = cardActions(card).find((a) => a.type === 'Action.OpenUrl');
      expect(link?.url).toBe(guide.learnMore.url);
      expect(cardActions(card).map((a) => a.title)).toContain('All practice tools');
    }
  });

  it.each([
    ['guide three houses', 'Three Houses'],
    ['tool safety house', 'Safety House'],
    ['guide to words and pictures', 'Words and Pictures'],
    ['tools storyboard', 'Words and Pictures'],
  ])('shows the guide named in "%s"', async (said, title) => {
    const card = await typed(said);
    expect(isGuide(card)).toBe(true);
    expect(cardText(card)).toContain(title);
  });

  it.each([
    ['how do I do three houses with a 6 year old', 'Three Houses'],
    ['How to use the safety house?', 'Safety House'],
    ['steps for a family network meeting', 'Family Network Meeting'],
    ['guide to words and pictures', 'Words and Pictures'],
    ['how can we do safety circles with a family', 'Safety Circles'],
    ['how do I make a safety plan', 'Safety Planning'],
  ])('answers the how-to "%s" with the %s guide', async (said, title) => {
    const card = await typed(said);
    expect(isGuide(card)).toBe(true);
    expect(cardText(card).split('\n')).toContain(title);
  });

  it.each([
    ['what is three houses', 'Three Houses'],
    ['three houses', 'Three Houses'],
    ['what is the safety house', 'Safety House'],
  ])('leaves "%s" to the glossary, which offers the guide', async (said, term) => {
    const card = await typed(said);
    expect(isGuide(card)).toBe(false);
    expect(cardText(card)).toContain('Was this helpful?');
    const offer = cardActions(card).find((a) => a.verb === 'guides.show');
    expect(offer?.title).toBe(`How to use ${term}`);
    const opened = await bot.send(execute('guides.show', offer?.data ?? {}));
    // From a term card the guide is posted as a new card, leaving the definition in place.
    expect(invokeCard(opened)).toBeUndefined();
    expect(isGuide(cardsIn(opened.replies)[0])).toBe(true);
  });

  it('shows the first four steps and keeps the rest behind a "Steps 5 to 8" toggle, so the card stays short', async () => {
    const card = await typed('how do I do three houses');
    const json = JSON.stringify(card);
    expect(cardText(card)).toContain('Steps 5 to 8 ›');
    const hidden = (card as { body: { id?: string; isVisible?: boolean; items?: unknown[] }[] }).body.find(
      (b) => b.id === 'more-steps',
    );
    expect(hidden?.isVisible).toBe(false);
    expect(JSON.stringify(hidden)).toContain('"8."');
    expect(JSON.stringify(hidden)).not.toContain('"1."');
    expect(json).toContain('"targetElements":["more-steps"]');
  });

  it('mentions the wizards and fairies variants for younger children in the Three Houses guide', async () => {
    expect(cardText(await typed('guide three houses'))).toMatch(/three wizards or three fairies/);
  });

  it.each([
    ['how do I do three houses with a 6 year old', 'a child aged 6.'],
    ['how do i do 3 houses with a five-year-old', 'a child aged 5.'],
    ['how to do three houses, she is aged 4', 'a child aged 4.'],
    ['how do I do three houses with an 18 month old', 'a child aged 18 months.'],
  ])('points to the tip for younger children when "%s"', async (said, age) => {
    const card = await typed(said);
    const text = cardText(card);
    expect(text).toContain(`You mentioned ${age}`);
    // The tip reads on from the age note, with no "From the tips:" label.
    expect(text).toContain(
      '7 and over. For younger children, the same idea can be used with three wizards or three fairies instead of houses.',
    );
  });

  it.each([
    'how do I do three houses with a 9 year old',
    'how do I do three houses',
    'how to use the safety house with a 5 year old',
  ])('adds no age note for "%s"', async (said) => {
    expect(cardText(await typed(said))).not.toContain('You mentioned');
  });

  it('says honestly when it has no guide for a tool, and lists the ones it has', async () => {
    const card = await typed('guide genogram drawing');
    const text = cardText(card);
    expect(text).toContain('I don\'t have a guide for "genogram drawing" yet');
    for (const title of GUIDE_TITLES) expect(text).toContain(title);
  });

  it('links a guide to its glossary term', async () => {
    const card = await typed('guide safety circles');
    const what = cardActions(card).find((a) => a.verb === 'glossary.show');
    expect(what?.title).toBe('What is Safety Circles?');
    const term = await bot.send(execute('glossary.show', what?.data ?? {}));
    expect(cardText(cardsIn(term.replies)[0])).toContain('Was this helpful?');
  });

  it('goes back to the list in place', async () => {
    const card = await typed('guide safety planning');
    const back = cardActions(card).find((a) => a.title === 'All practice tools');
    const list = invokeCard(await bot.send(execute('guides.list', back?.data ?? {})));
    expect(cardActions(list).filter((a) => a.verb === 'guides.show')).toHaveLength(6);
  });

  it('answers a stale or tampered guide button kindly', async () => {
    const gone = await bot.send(execute('guides.show', { id: 'fairy-wizard-guide' }));
    expect(cardText(cardsIn(gone.replies)[0])).toContain("I couldn't find that guide any more");
    const tampered = await bot.send(execute('guides.show', { id: { $ne: '' } }));
    expect(tampered.replies[0]?.text).toMatch(/couldn't read what that card sent/);
    const unknown = await bot.send(execute('guides.delete', { id: 'three-houses' }));
    expect(unknown.replies[0]?.text).toMatch(/isn't one I recognise/);
  });

  it('shows the echo of an unknown tool name as plain text', async () => {
    const card = await typed('guide **<b>bold</b>** tool');
    const runs = JSON.stringify(card);
    expect(runs).toContain('"type":"TextRun","text":"I don\'t have a guide for \\"**<b>bold</b>** tool\\"');
  });
});
