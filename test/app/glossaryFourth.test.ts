import { join } from 'node:path';
import { figures, judge, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// The fourth blind set (session 20), 170 questions by an outside judge who saw only the README, the issue,
// each term's id, name and summary, the domain facts and the trust's guide: never the aliases, the search
// code or the earlier sets. Never tune on it, never print its questions; report on it.
const fourth = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-fourth.yaml'));

describe('glossary on the fourth blind set (issue 13, session 20)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is a fair set: 100+ questions, a third long, 15+ comparisons and 15+ out of scope', () => {
    expect(fourth.length).toBeGreaterThanOrEqual(100);
    expect(fourth.filter((q) => q.q.trim().split(/\s+/).length >= 9).length).toBeGreaterThanOrEqual(fourth.length / 3);
    expect(fourth.filter((q) => q.kind === 'compare').length).toBeGreaterThanOrEqual(15);
    expect(fourth.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(15);
    const ids = new Set(bot.deps.content.glossary.terms.map((t) => t.id));
    expect(fourth.flatMap((q) => q.expect).filter((id) => !ids.has(id))).toEqual([]);
  });

  // First run, 2 Dec 2026, 06:10, before this session's glossary changes (the set was written and frozen
  // first): right first 123/140 (87.9%), shown or offered 134/140 (95.7%), wrong 2/170 (1.2%), no definition
  // for 29/30 out of scope or small talk (96.7%), of which 18/23 out-of-scope said "I don't have that term
  // yet" (the rest offered choices). Against the issue's targets (85%, 95%, <= 1%, 90%) wrong is over by
  // one question. After this session's two glossary rounds (which fixed kinds the judge's report named, as
  // the issue asks, never its questions): 126/140 (90.0%), 136/140 (97.1%), 1/170 wrong (0.6%), 30/30, of
  // which 20/23 out of scope said "I don't have that term yet". The floors hold that run.
  it('holds its measured figures, and answers every out-of-scope question honestly', () => {
    const judged = judge(bot, fourth);
    // Figures only, no questions: the set stays unread by whoever tunes the search.
    console.log(report('fourth blind set (glossary-fourth.yaml)', judged));
    const all = figures(judged);
    expect(all.honestNoMatch / all.outOfScope).toBeGreaterThanOrEqual(0.9);
    expect(all.rightFirst).toBeGreaterThanOrEqual(126);
    expect(all.shownOrOffered).toBeGreaterThanOrEqual(136);
    expect(all.wrong).toBeLessThanOrEqual(1);
  });
});
