import { join } from 'node:path';
import { figures, judge, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// Written from the kind "plainly out-of-scope questions get did-you-mean choices" (round 5); a tuning set.
const oos = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-oos.yaml'));

describe('glossary on plainly out-of-scope questions (out-of-scope tuning set)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is a fair set: 30+ questions of five kinds, all out of scope', () => {
    expect(oos.length).toBeGreaterThanOrEqual(30);
    expect(new Set(oos.map((q) => q.kind)).size).toBeGreaterThanOrEqual(5);
    expect(oos.every((q) => q.expect.length === 0)).toBe(true);
  });

  it('says "I don\'t have that term yet" to at least 90% of them, and never defines a term', () => {
    const judged = judge(bot, oos);
    const f = figures(judged);
    const offered = judged
      .filter((j) => !j.saidNotYet)
      .map((j) => `"${j.q}" -> ${j.feature} [${j.offered.join(', ')}]`);
    console.log(`${report('out-of-scope set (glossary-oos.yaml)', judged)}\n${offered.join('\n')}`);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
    expect(f.saidNotYet / f.outOfScope).toBeGreaterThanOrEqual(0.9);
  });
});
