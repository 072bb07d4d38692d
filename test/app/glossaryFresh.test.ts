import { join } from 'node:path';
import { figures, judge, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// The second blind set (round 4), written after the first had been read during tuning: its author saw
// only the term ids, the domain facts and the trust's guide. Never tune on it; report on it.
const fresh = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-fresh.yaml'));

describe('glossary on the fresh blind set (issue 13, round 4)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is a fair set: 100+ questions, a third long, 15+ comparisons and 15+ out of scope', () => {
    expect(fresh.length).toBeGreaterThanOrEqual(100);
    expect(fresh.filter((q) => q.q.trim().split(/\s+/).length >= 9).length).toBeGreaterThanOrEqual(fresh.length / 3);
    expect(fresh.filter((q) => q.kind === 'compare').length).toBeGreaterThanOrEqual(15);
    expect(fresh.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  // First (and only) run, 2 Dec 2026: right first 82/95 (86.3%), shown or offered 90/95 (94.7%), wrong 1/110
  // (0.9%), honest no-match 15/15. The targets: first >= 85%, wrong <= 1% and honest >= 90% are met;
  // shown or offered >= 95% is one question short, so that one is held at the measured floor.
  // Round 5 run (after its fixes, 2 Dec 2026): the same figures, 82/95, 90/95, 1/110, 15/15 (12/15 told "I don't
  // have that term yet"); short questions 22/22, 22/22, 0/33; long 60/73, 68/73, 1/77. Floors stay at them.
  it('meets the targets for right first, wrong and honest answers, and holds its first run', () => {
    const judged = judge(bot, fresh);
    // Figures only, no questions: the set stays unread by whoever tunes the search.
    console.log(report('fresh blind set (glossary-fresh.yaml)', judged));
    const all = figures(judged);
    expect(all.rightFirst / all.answerable).toBeGreaterThanOrEqual(0.85);
    expect(all.wrong / judged.length).toBeLessThanOrEqual(0.01);
    expect(all.honestNoMatch / all.outOfScope).toBeGreaterThanOrEqual(0.9);
    expect(all.rightFirst).toBeGreaterThanOrEqual(82);
    expect(all.shownOrOffered).toBeGreaterThanOrEqual(90);
  });
});
