import { join } from 'node:path';
import { figures, judge, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// The third blind set (session 19), 146 questions by an outside judge who saw only the README, the issue,
// each term's id, name and summary, the domain facts and the trust's guide: never the aliases, the search
// code or the earlier sets. Never tune on it, never print its questions; report on it.
const third = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-third.yaml'));

describe('glossary on the third blind set (issue 13, session 19)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is a fair set: 100+ questions, a third long, 15+ comparisons and 15+ out of scope', () => {
    expect(third.length).toBeGreaterThanOrEqual(100);
    expect(third.filter((q) => q.q.trim().split(/\s+/).length >= 9).length).toBeGreaterThanOrEqual(third.length / 3);
    expect(third.filter((q) => q.kind === 'compare').length).toBeGreaterThanOrEqual(15);
    expect(third.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(15);
    const ids = new Set(bot.deps.content.glossary.terms.map((t) => t.id));
    expect(third.flatMap((q) => q.expect).filter((id) => !ids.has(id))).toEqual([]);
  });

  // First run, 2 Dec 2026, 03:12 (after the session's first glossary round): right first 107/128 (83.6%),
  // shown or offered 119/128 (93.0%), wrong 3/146 (2.1%), honest no-match 18/18. Against the targets
  // (85%, 95%, <= 1%, 90%) only the honest no-match is met. Session 20 (two rounds on kinds, never this set):
  // 108/128 (84.4%), 122/128 (95.3%), 3/146 (2.1%), 18/18. The floors hold that run.
  it('holds its measured figures, and answers every out-of-scope question honestly', () => {
    const judged = judge(bot, third);
    // Figures only, no questions: the set stays unread by whoever tunes the search.
    console.log(report('third blind set (glossary-third.yaml)', judged));
    const all = figures(judged);
    expect(all.honestNoMatch / all.outOfScope).toBeGreaterThanOrEqual(0.9);
    expect(all.rightFirst).toBeGreaterThanOrEqual(108);
    expect(all.shownOrOffered).toBeGreaterThanOrEqual(122);
    expect(all.wrong).toBeLessThanOrEqual(3);
  });
});
