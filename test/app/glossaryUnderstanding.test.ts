import { execute, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, realContent, TestBot } from '../helpers/testBot';

const reply = async (bot: TestBot, text: string) => (await bot.send(message(text))).replies;
const onlyCard = async (bot: TestBot, text: string) => {
  const cards = cardsIn(await reply(bot, text));
  expect(cards).toHaveLength(1);
  return cards[0];
};

describe('glossary comparisons', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('answers "what is the difference between A and B" with both terms side by side and what sets them apart', async () => {
    const card = await onlyCard(bot, "what's the difference between a danger statement and a safety goal?");
    const text = cardText(card);
    expect(text).toContain('Danger statement and Safety goal');
    expect(text).toContain('What sets them apart');
    const curated = realContent().glossaryWords.comparisons.find(
      (c) => c.terms.includes('danger-statement') && c.terms.includes('safety-goal'),
    );
    expect(text).toContain(curated?.difference.slice(0, 40));
    expect(text).not.toContain('Was this helpful?');
    // Each side opens its own full card.
    const opens = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(opens.map((a) => a.data.id)).toEqual(['danger-statement', 'safety-goal']);
    const full = await bot.send(execute('glossary.show', opens[1]?.data ?? {}));
    expect(cardText(cardsIn(full.replies)[0] ?? invokeCard(full))).toContain('Was this helpful?');
  });

  it.each([
    ['CIN vs CP', ['child-in-need', 'child-protection-plan']],
    ['how is an EPO different from police protection', ['emergency-protection-order', 'police-protection']],
    ['genogram or ecomap, what is the difference', ['genogram', 'ecomap']],
  ])('compares "%s"', async (question, ids) => {
    const card = await onlyCard(bot, question);
    expect(
      cardActions(card)
        .filter((a) => a.verb === 'glossary.show')
        .map((a) => a.data.id),
    ).toEqual(ids);
  });

  it('shows both summaries when the pack has no words for what sets a pair apart', async () => {
    const card = await onlyCard(bot, 'difference between drift and a genogram');
    const text = cardText(card);
    expect(text).toContain('Drift and Genogram');
    expect(text).toMatch(/Side by side/);
    expect(text).not.toMatch(/What sets them apart/);
  });

  it('says two names mean the same thing instead of comparing a term with itself', async () => {
    const text = cardText(await onlyCard(bot, 'is a worry statement the same as a danger statement'));
    expect(text).toMatch(/is another name for/);
    expect(text).toContain('Was this helpful?');
  });
});

describe('the safeguarding signpost', () => {
  afterEach(() => undefined);

  it('says 999 for danger now, and to tell the manager or DSL while the trust has not set its numbers', async () => {
    const bot = TestBot.create();
    try {
      const card = await onlyCard(bot, "I'm worried about a child, who do I tell?");
      const text = cardText(card);
      expect(text).toContain('call 999');
      expect(text).toMatch(/designated safeguarding lead \(DSL\)/);
      expect(text).toMatch(/Talk to your manager/);
      expect(text).not.toMatch(/\b0\d{3,4}\s?\d{3}/);
      const links = cardActions(card).filter((a) => a.type === 'Action.OpenUrl');
      expect(links.map((a) => a.url)).toEqual(realContent().signpost.partnershipLinks.map((l) => l.url));
    } finally {
      await bot.close();
    }
  });

  it('shows the front door number and referral link once the trust sets them in the content pack', async () => {
    const base = realContent();
    const signpost = {
      ...base.signpost,
      frontDoor: { ...base.signpost.frontDoor, phone: '0300 126 1000', url: 'https://www.example.org/refer' },
    };
    const original = base.signpost;
    base.signpost = signpost;
    const bot = TestBot.create();
    try {
      const card = await onlyCard(bot, 'how do I report a safeguarding concern');
      const text = cardText(card);
      expect(text).toContain('0300 126 1000');
      expect(text).not.toMatch(/Talk to your manager/);
      expect(cardActions(card).map((a) => a.url)).toContain('https://www.example.org/refer');
    } finally {
      base.signpost = original;
      await bot.close();
    }
  });
});

describe('small talk, near misses and routing slips', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it.each([
    ['thanks', /welcome/],
    ['Thank you so much!', /welcome/],
    ['hello', /Hello!/],
    ['hi there', /Hello!/],
    ['ok', /Okay/],
    ['bye', /Bye/],
  ])('answers "%s" briefly and never logs it as an unanswered question', async (text, answer) => {
    const replies = await reply(bot, text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(answer);
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });

  it('treats a near miss of a command as the command', async () => {
    expect(cardText(await onlyCard(bot, 'hepl'))).toContain('What I can help with');
    expect(cardText(await onlyCard(bot, 'glosary'))).toContain('Signs of Safety glossary');
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });

  it('lets a term win over a command it looks like', async () => {
    expect(cardText(await onlyCard(bot, 'ears'))).toContain('EARS');
  });

  it('answers "supervision tips" and "map meaning" from the glossary without starting a session', async () => {
    expect(cardText(await onlyCard(bot, 'supervision tips'))).toContain('Reflective supervision');
    expect(cardText(await onlyCard(bot, 'map meaning'))).toContain('Mapping');
    expect(cardText(await onlyCard(bot, 'map?'))).toContain('Mapping');
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
    expect(await bot.deps.store.list('supervision/')).toEqual([]);
  });

  it('still starts a labelled map or supervision from the command', async () => {
    expect(cardText(await onlyCard(bot, 'map Case 4'))).toContain('Case 4');
    expect(cardText(await onlyCard(bot, 'supervise Case 9'))).toContain('Case 9');
  });

  it('answers a tool asked about for a child of an age with its guide and the age note', async () => {
    const young = cardText(await onlyCard(bot, 'can I use three houses with a 4 year old?'));
    expect(young).toContain('Three Houses');
    expect(young).toMatch(/You mentioned a child aged 4\..*From the tips: .*(wizard|fair(y|ies))/is);
    const older = cardText(await onlyCard(bot, 'three houses for a 12 year old?'));
    expect(older).toContain('Three Houses');
    expect(older).not.toContain('You mentioned a child aged');
  });

  it('says it is not sure, with the close terms, rather than claiming not to have them', async () => {
    const text = cardText(await onlyCard(bot, 'safety'));
    expect(text).toContain("I'm not sure which term you mean — is it one of these?");
    expect(text).not.toContain("I don't have");
  });
});

describe('comparisons that start with a command word', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it.each([
    'mapping vs supervision',
    'map vs three houses',
    'map v safety plan',
    'supervision vs reflective supervision',
    'scale vs scaling',
    'scale?',
  ])('"%s" reaches the glossary and starts nothing', async (question) => {
    const reply = cardText(cardsIn((await bot.send(message(question))).replies)[0]);
    expect(reply).not.toMatch(/Signs of Safety map · Question 1|Reflective supervision · Stage 1|Scaling question/);
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
    expect(await bot.deps.store.list('supervision/')).toEqual([]);
  });

  it('still takes a scaling question after "scale"', async () => {
    const card = cardsIn((await bot.send(message('scale how worried are we about school attendance'))).replies)[0];
    expect(cardText(card)).toMatch(/Scaling question/);
    // The question is filled into the card's question box.
    expect(JSON.stringify(card)).toContain('how worried are we about school attendance');
  });
});
