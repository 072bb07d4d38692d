import { join } from 'node:path';
import { figures, judge, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

const kinds = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-kinds.yaml'));

describe('glossary on the failure kinds of issue 13 (second tuning set)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('answers the right term first, offers it otherwise, and never defines the wrong term', () => {
    const judged = judge(bot, kinds);
    const f = figures(judged);
    console.log(`${report('tuning set 2 (glossary-kinds.yaml)', judged)}\n${misses(judged).join('\n')}`);
    expect(f.rightFirst / f.answerable).toBeGreaterThanOrEqual(0.85);
    expect(f.shownOrOffered / f.answerable).toBeGreaterThanOrEqual(0.95);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch / f.outOfScope).toBeGreaterThanOrEqual(0.9);
  });
});
