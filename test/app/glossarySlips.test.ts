import { message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { judge } from '../helpers/glossaryEval';
import { cardsIn, TestBot } from '../helpers/testBot';

/** Session 20: leftovers of issue 13 seen in the last session, by kind, through the bot's real routing. */
describe('glossary: slips, gaps, three-way comparisons and junk', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());
  const one = (q: string) => judge(bot, [{ q, expect: [], kind: 'x' }])[0];

  it('says plainly it has no such term for a person in the office ("who is my line manager")', () => {
    for (const q of ['who is my line manager', 'who is the team leader']) {
      const j = one(q);
      expect(j?.shown).toEqual([]);
      expect(j?.saidNotYet).toBe(true);
      expect(j?.offered).toEqual([]);
    }
  });

  it('says plainly it has no such order, listing the orders it has as the nearest', () => {
    for (const q of ['what is a child arrangements order', 'placement order']) {
      const j = one(q);
      expect(j?.shown).toEqual([]);
      expect(j?.saidNotYet).toBe(true);
      expect(j?.offered).toContain('care-order');
    }
    // An order it has, typed with a typo or as its other name, is still that order.
    expect(one('supervison order')?.shown).toEqual(['supervision-order']);
    expect(one("what's an interim care order")?.shown).toEqual(['care-order']);
  });

  it('compares the first two of three terms, in the order asked, and names the third on the card', async () => {
    const card = cardsIn(
      (await bot.send(message("what's the difference between s20, a care order and an EPO"))).replies,
    )[0];
    const opens = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(opens.map((a) => a.data.id)).toEqual(['section-20', 'care-order']);
    expect(cardText(card)).toContain('You also asked about Emergency protection order');
    expect(one('difference between a care order, a supervision order and an SGO')?.shown).toEqual([
      'care-order',
      'supervision-order',
    ]);
  });

  it('answers junk briefly and never keeps it as an unanswered question', async () => {
    for (const junk of ['x'.repeat(3000), 'asdfghjkl', 'qwertyuiop asdf', 'sdjkfh sdkjfh', '😀😀']) {
      const replies = (await bot.send(message(junk))).replies;
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toContain("I couldn't read that as a question");
    }
    expect(await bot.deps.store.list('glossary/unanswered/')).toEqual([]);
    // A real question we cannot answer is still kept for practice leads.
    await bot.send(message('what is a frobnitz'));
    expect(await bot.deps.store.list('glossary/unanswered/')).toHaveLength(1);
  });

  it('reads "who is four" as a child\'s age only where a child and a tool are spoken of', () => {
    // A bare slip: no tool, no term, no age answer.
    for (const q of ['who is four', 'who is 4']) {
      const j = one(q);
      expect(j?.feature).not.toBe('guides');
      expect(j?.shown).toEqual([]);
    }
    // "Her little brother who is four": the tool's guide, with the younger children's version.
    const j = one(
      'my child drew lots of worries in the three houses, what could I use for her little brother who is four',
    );
    expect(j?.feature).toBe('guides');
    expect(j?.shown).toEqual(['three-houses', 'wizards-and-fairies']);
    // A count is no age.
    expect(one('safety house with a girl who is 4 weeks into placement')?.feature).not.toBe('guides');
  });

  it('lets a term named in the question win over a training word, unless training is asked for', () => {
    const named = one('we have a strategy meeting tomorrow before the training session, what is it');
    expect(named?.feature).toBe('glossary');
    expect(named?.shown).toEqual(['strategy-discussion']);
    expect(
      one('our DSL wants us to understand what a strategy meeting is before the training session next term')?.shown,
    ).toEqual(['strategy-discussion']);
    for (const q of [
      'is there any training on safety planning',
      'I want to book onto the safety planning course',
      'training',
    ])
      expect(one(q)?.feature).toBe('training');
  });
});
