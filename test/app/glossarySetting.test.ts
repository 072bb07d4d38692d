import { judge } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

/** Session 19 round 2: the outside judge's findings, by kind, through the bot's real routing. */
describe('glossary: names in passing, true aliases and questions about what something means', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());
  const one = (q: string) => judge(bot, [{ q, expect: [], kind: 'x' }])[0];

  it('never defines the term that only says whom a described person or meeting is for', () => {
    for (const q of [
      'the independent person who chairs the meetings about a child in care',
      'the six monthly meeting to check how a child in foster care is getting on',
    ]) {
      const j = one(q);
      expect(j?.shown).not.toContain('children-in-care');
      expect([...(j?.shown ?? []), ...(j?.offered ?? [])]).toEqual(
        expect.arrayContaining([q.includes('chairs') ? 'independent-reviewing-officer' : 'looked-after-review']),
      );
    }
  });

  it('still defines a term asked about by name after it is mentioned', () => {
    const j = one(
      "I'm a teacher and the social worker asked if the school would be part of the safety plan, what is a safety plan",
    );
    expect(j?.shown).toEqual(['safety-plan']);
  });

  it('compares a care order with a supervision order as two orders', () => {
    expect(one('difference between a care order and a supervision order')?.shown).toEqual([
      'care-order',
      'supervision-order',
    ]);
  });

  it('lets a question about what something means reach the glossary past the training and builder words', () => {
    expect(one('what does it mean when they say the family is in training')?.feature).toBe('glossary');
    expect(one('what does write a danger statement mean')?.shown).toEqual(['danger-statement']);
    // A request is still the feature's.
    expect(one('how do i write a danger statement')?.feature).toBe('builder');
  });
});
