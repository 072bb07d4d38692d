import { join } from 'node:path';
import { figures, judge, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// Written by someone who never saw the aliases or the search code (issue 13). Never tune on it.
const blind = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-blind.yaml'));

describe('glossary on the blind set (issue 13 targets)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is a fair set: 100+ questions, a third long, 15+ comparisons and 15+ out of scope', () => {
    expect(blind.length).toBeGreaterThanOrEqual(100);
    expect(blind.filter((q) => q.q.trim().split(/\s+/).length >= 9).length).toBeGreaterThanOrEqual(blind.length / 3);
    expect(blind.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  it('meets the targets: right first >= 85%, shown or offered >= 95%, wrong <= 1%, honest no-match >= 90%', () => {
    const judged = judge(bot, blind);
    const f = figures(judged);
    console.log(`${report('blind set (glossary-blind.yaml)', judged)}\n${misses(judged).join('\n')}`);
    expect(f.rightFirst / f.answerable).toBeGreaterThanOrEqual(0.85);
    expect(f.shownOrOffered / f.answerable).toBeGreaterThanOrEqual(0.95);
    expect(f.wrong / judged.length).toBeLessThanOrEqual(0.01);
    expect(f.honestNoMatch / f.outOfScope).toBeGreaterThanOrEqual(0.9);
  });
});
