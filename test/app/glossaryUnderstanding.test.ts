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
    // Natural ways of asking for a difference that are not "difference between".
    [
      "what's the point of a safety plan if we already have a child protection plan",
      ['safety-plan', 'child-protection-plan'],
    ],
    ['safety plan and child protection plan, are they the same document?', ['safety-plan', 'child-protection-plan']],
    ['is there any difference in core group and review conference', ['core-group', 'review-conference']],
    ['care order or supervision order, which do I need', ['care-order', 'supervision-order']],
    ['how is a genogram different to an ecomap', ['genogram', 'ecomap']],
    ['why would we need a harm statement when we have a danger statement', ['harm-statement', 'danger-statement']],
  ])('compares "%s"', async (question, ids) => {
    const card = await onlyCard(bot, question);
    expect(
      cardActions(card)
        .filter((a) => a.verb === 'glossary.show')
        .map((a) => a.data.id),
    ).toEqual(ids);
  });

  // The pairs an outside judge and a practice lead expect staff to confuse: each has the pack's own words.
  it.each([
    ['what is the difference between a safety plan and a safety goal', ['safety-plan', 'safety-goal']],
    ['core group vs review conference', ['core-group', 'review-conference']],
    ['is a harm statement the same as a danger statement', ['harm-statement', 'danger-statement']],
    ['strategy discussion vs section 47', ['strategy-discussion', 'section-47-enquiry']],
    ['difference between a care plan and a safety plan', ['care-plan', 'safety-plan']],
    ['signs of success vs safety goal', ['signs-of-success', 'safety-goal']],
    ['how is existing safety different from future safety', ['existing-safety', 'future-safety']],
    ['what is the difference between the MASH and a strategy discussion', ['mash', 'strategy-discussion']],
    ['child protection plan vs care plan', ['child-protection-plan', 'care-plan']],
    ['difference between an ICPC and a review conference', ['icpc', 'review-conference']],
  ])('says what sets apart "%s" in the pack\'s words', async (question, ids) => {
    const card = await onlyCard(bot, question);
    const text = cardText(card);
    expect(text).toContain('What sets them apart');
    expect(text).not.toMatch(/Side by side/);
    const curated = realContent().glossaryWords.comparisons.find((c) => ids.every((id) => c.terms.includes(id)));
    expect(curated).toBeDefined();
    expect(text).toContain(curated?.difference.slice(0, 50));
    expect(
      cardActions(card)
        .filter((a) => a.verb === 'glossary.show')
        .map((a) => a.data.id)
        .sort(),
    ).toEqual([...ids].sort());
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

  it('answers "scale meaning" and "scale tips" with the scaling term, not the scaling tool', async () => {
    for (const asked of ['scale meaning', 'scale tips', 'scale explained']) {
      const text = cardText(await onlyCard(bot, asked));
      expect(text).toContain('Scaling (safety scale)');
      expect(text).not.toContain('Ready-made questions');
    }
  });

  it('answers "<command> meaning" for a command that does something from the glossary, never starting it', async () => {
    for (const asked of ['reflect meaning', 'reflect?', 'reflect tips', 'review?', 'drift flag meaning']) {
      const text = cardText(await onlyCard(bot, asked));
      expect(text).not.toContain('Reflective question');
      expect(text).not.toContain("I don't have a kind of question called");
      expect(text).not.toMatch(/review round|only the facilitator|no map/i);
    }
    expect(cardText(await onlyCard(bot, 'reflect meaning'))).toContain('Reflective supervision');
    expect(cardText(await onlyCard(bot, 'drift flag meaning'))).toContain('Drift');
    // The command itself still runs.
    expect(cardText(await onlyCard(bot, 'reflect'))).toContain('Reflective question');
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
  });

  it('answers "<command> meaning" with the command\'s own card when that card only explains', async () => {
    const tools = cardText(await onlyCard(bot, 'tools meaning'));
    expect(tools).toContain('Practice tools');
    expect(tools).not.toContain("I don't have a guide");
    expect(cardText(await onlyCard(bot, 'privacy meaning'))).toContain('Your data and SofS Companion');
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });

  it('takes a three-letter command with two letters swapped as the command ("mpa" is map)', async () => {
    expect(cardText(await onlyCard(bot, 'mpa'))).toContain('Start a mapping conversation');
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });

  it('reads a control character between words as a space ("safety<NUL>plan" is the safety plan)', async () => {
    expect(cardText(await onlyCard(bot, 'safety\u0000plan'))).toContain('Safety plan');
  });

  it('answers "what a harm statement is and when I should write one" as a question, not with the builder', async () => {
    const text = cardText(
      await onlyCard(
        bot,
        'can you tell me what a harm statement is and when I should write one alongside the danger statement',
      ),
    );
    expect(text).not.toContain('Danger statement builder');
    expect(text).toContain('Harm statement');
    // A request to write one still opens the builder.
    expect(cardText(await onlyCard(bot, 'help me write a danger statement'))).toContain('Danger statement builder');
  });

  it('still starts a labelled map or supervision from the command', async () => {
    expect(cardText(await onlyCard(bot, 'map Case 4'))).toContain('Case 4');
    expect(cardText(await onlyCard(bot, 'supervise Case 9'))).toContain('Case 9');
  });

  it('answers a tool asked about for a child of an age with its guide and the age note', async () => {
    const young = cardText(await onlyCard(bot, 'can I use three houses with a 4 year old?'));
    expect(young).toContain('Three Houses');
    expect(young).toMatch(/You mentioned a child aged 4\..*.*(wizard|fair(y|ies))/is);
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

describe("long questions in people's own words (issue 13, round 3)", () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const unanswered = async () => (await bot.deps.store.list('glossary/unanswered/')).length;

  it('answers a term named among who is asking, why and when with its card, and logs nothing as unanswered', async () => {
    const text = cardText(
      await onlyCard(
        bot,
        "Sorry to bother you, I'm new and my team leader keeps saying we need an ecomap before Thursday's meeting, what is that?",
      ),
    );
    expect(text).toContain('Ecomap');
    expect(text).toContain('Was this helpful?');
    expect(await unanswered()).toBe(0);
  });

  it("answers a concept described without its name with that term's card", async () => {
    const text = cardText(
      await onlyCard(bot, 'is there a name for the diagram of everyone in the family and how they are all related?'),
    );
    expect(text).toContain('Genogram');
    expect(text).toContain('Was this helpful?');
  });

  it('answers the name the question asks about when it names two ("…, what is a core group for")', async () => {
    const card = await onlyCard(
      bot,
      'at the conference they agreed a CP plan and a core group, what is a core group for?',
    );
    expect(cardText(card)).toContain('Was this helpful?');
    // The helpful vote is about the term shown: the core group, not the plan named first.
    const votes = cardActions(card).filter((a) => a.verb === 'glossary.feedback');
    expect(votes.map((a) => a.data.id)).toEqual(['core-group', 'core-group']);
  });

  it('asks back, described term first, when a question asking what something is called names its setting', async () => {
    const card = await onlyCard(bot, 'what do you call the plan for where a looked after child will live long term?');
    expect(cardText(card)).toContain("I'm not sure which term you mean — is it one of these?");
    expect(cardText(card)).not.toContain('Was this helpful?');
    const choices = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(choices[0]?.data.id).toBe('care-plan');
    expect(choices.map((a) => a.data.id)).toContain('children-in-care');
  });

  it('compares two terms named in a longer question that says it compares them', async () => {
    const card = await onlyCard(
      bot,
      "as a foster carer I'm confused, is a LAC review the same thing as a core group or are they different?",
    );
    const opens = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(opens.map((a) => a.data.id)).toEqual(['looked-after-review', 'core-group']);
    expect(cardText(card)).not.toContain('Was this helpful?');
    // Naming two terms without saying it compares them is no comparison.
    const both = await onlyCard(bot, 'the LAC review and the core group are both next week, what is the core group');
    expect(cardActions(both).filter((a) => a.verb === 'glossary.feedback')[0]?.data.id).toBe('core-group');
  });

  it("signposts a long worried question about a child, in the asker's own words", async () => {
    const text = cardText(
      await onlyCard(
        bot,
        "I'm worried about a little boy at nursery who keeps turning up with bruises, who do I need to tell?",
      ),
    );
    expect(text).toContain('999');
    expect(text).not.toContain('Was this helpful?');
  });

  it('signposts a disclosure or a report of harm told in plain words, with no "worried" or "report" in it', async () => {
    // The kind the outside judge found (session 20): a disclosure got "I don't have that term yet" or
    // kinship-care choices. The judge's own playground question, and one of ours.
    for (const said of [
      'a pupil told me her stepdad hits her',
      'one of the girls in my class disclosed at break, what now',
    ]) {
      const replies = (await bot.send(message(said))).replies;
      const cards = cardsIn(replies);
      expect(cards).toHaveLength(1);
      expect(cardText(cards[0])).toContain('999');
      expect(cardText(cards[0])).not.toMatch(/I don't have that term/);
    }
  });

  it('never takes a word for a short form it is two letters from ("claim" is not CLA): an honest no-match', async () => {
    const card = cardsIn((await bot.send(message('how do I put in a claim for my train fare'))).replies)[0];
    expect(cardText(card)).not.toContain('Was this helpful?');
    expect(cardText(card)).not.toMatch(/Children in care/);
  });

  it('puts the signpost first when a report of harm also names a term, then answers the term', async () => {
    const cards = cardsIn(
      (await bot.send(message('dad hits mum in front of the baby, is that a danger statement'))).replies,
    );
    expect(cards).toHaveLength(2);
    expect(cardText(cards[0])).toContain('999');
    expect(cardActions(cards[1]).find((a) => a.verb === 'glossary.feedback')?.data.id).toBe('danger-statement');
  });

  it('says plainly it does not have an everyday question wrapped in the same asking words, and shows no definition', async () => {
    const text = cardText(
      await onlyCard(
        bot,
        "I'm new and my manager keeps asking me to fill in my timesheet before Thursday, where is it?",
      ),
    );
    expect(text).toContain("I don't have that term yet");
    expect(text).not.toContain('Was this helpful?');
  });

  // Words matched only by a typo allowance ("france" ~ "stance", "weather" ~ "whether", "pension" ~ "session")
  // or an everyday sense of a one-word name ("score") are no near miss.
  it.each([
    'what is the capital of France',
    'what is a pension',
    'what is the weather like today',
    'tell me a joke',
    'what is the score in the football',
  ])('does not offer did-you-mean choices as if "%s" were a glossary question', async (question) => {
    const text = cardText(await onlyCard(bot, question));
    expect(text).not.toContain('Was this helpful?');
    expect(text).not.toContain("I'm not sure which term you mean");
  });

  it('answers the term asked about inside a sentence ("she asked me what a special guardianship order is")', async () => {
    const text = cardText(
      await onlyCard(
        bot,
        'the foster carer asked me what a special guardianship order is because the nan wants to apply for one',
      ),
    );
    expect(text).toContain('Special guardianship');
    expect(text).toContain('Was this helpful?');
  });

  it('defines no third term when a question names two others whole (the IRO and a looked after child)', async () => {
    const card = await onlyCard(
      bot,
      'the IRO for one of my looked after children wants to speak to me before the review, who are they exactly',
    );
    expect(cardText(card)).not.toContain('Was this helpful?');
    expect(cardActions(card).map((a) => a.data?.id)).toContain('independent-reviewing-officer');
  });

  it('offers scaling when a question about the scale names supervision in passing', async () => {
    const card = await onlyCard(
      bot,
      "in supervision my manager asked where I'd put the family on the scale today, what is she asking for",
    );
    expect(cardActions(card).map((a) => a.data?.id)).toContain('scaling');
  });

  it('does not define a term the question names only to rule it out ("... that aren\'t actual harm")', async () => {
    const card = await onlyCard(bot, "the worries around a family that aren't actual harm, like debt");
    expect(cardText(card)).not.toContain('Was this helpful?');
    expect(cardActions(card).map((a) => a.data?.id)).toEqual(
      expect.arrayContaining(['complicating-factors', 'past-harm']),
    );
    // Named without ruling it out, the same name still answers.
    expect(cardText(await onlyCard(bot, 'what is actual harm'))).toContain('Was this helpful?');
  });

  it('still offers the term for a typo of its name', async () => {
    expect(cardText(await onlyCard(bot, 'genogarm'))).toContain('Genogram');
    expect(cardText(await onlyCard(bot, 'what is a saftey plan'))).toContain('Safety plan');
  });
});

describe('out of scope, the bot itself and a young child (issue 13, second round)', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it.each(['are you a real person?', 'are you AI', 'who made you', 'am I chatting to a bot'])(
    'answers "%s" with a short honest word about the bot, kept nowhere',
    async (question) => {
      const replies = await reply(bot, question);
      expect(cardsIn(replies)).toHaveLength(0);
      expect(replies[0]?.text).toMatch(/a bot, not a person/);
      expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
    },
  );

  it('still answers "what are you worried about" as the mapping question', async () => {
    expect(cardText(await onlyCard(bot, 'what are you worried about'))).toContain('What are we worried about?');
  });

  it.each(['write up my child and family assessment for the Smith family', 'can you do my case notes from the visit'])(
    'tells "%s" that the bot explains terms and cannot write records, with no term card',
    async (question) => {
      const replies = await reply(bot, question);
      expect(cardsIn(replies)).toHaveLength(0);
      expect(replies[0]?.text).toMatch(/can't write or complete records/);
    },
  );

  it('still opens the builder for a danger statement', async () => {
    expect(cardText(await onlyCard(bot, 'write my danger statement for the family'))).toContain(
      'Danger statement builder',
    );
  });

  it('says plainly it has no term for another approach or therapy, never "did you mean"', async () => {
    const text = cardText(await onlyCard(bot, 'what does the PACE approach mean for foster carers'));
    expect(text).toContain("I don't have that term yet");
    expect(text).not.toContain("I'm not sure which term you mean");
  });

  it("reaches the fitting guide for a young child's need with no tool named", async () => {
    const views = cardText(await onlyCard(bot, "how do I get a 4 year old's views about home"));
    expect(views).toContain('Three Houses');
    expect(views).toMatch(/You mentioned a child aged 4\./);
    const explain = cardText(
      await onlyCard(bot, 'what can I use to explain to a small child why they are living with their nan'),
    );
    expect(explain).toContain('Words and Pictures');
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
  });
});
