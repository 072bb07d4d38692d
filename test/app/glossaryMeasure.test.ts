import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { figures, judge, type LabelledQuestion, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

const kinds = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-kinds.yaml'));
const long = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-long.yaml'));
const long2 = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-long2.yaml'));
// The first tuning set labels one id or null; read it in the blind set's shape.
const tuning: LabelledQuestion[] = (
  load(readFileSync(join(__dirname, '..', 'fixtures', 'glossary-queries.yaml'), 'utf8')) as {
    queries: { q: string; expect: string | null; kind: string }[];
  }
).queries.map((q) => ({ q: q.q, expect: q.expect ? [q.expect] : [], kind: q.kind }));

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
    // Floors at round 3's measured figures (66/67 right first, 66/67 shown or offered, 0 wrong, 14/14 honest);
    // before round 3: 63/67, 66/67, 0 wrong, 14/14.
    expect(f.rightFirst).toBeGreaterThanOrEqual(66);
    expect(f.shownOrOffered).toBeGreaterThanOrEqual(66);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
  });

  it('reads long questions: a name among filler, a name in passing, a concept described, out of scope (third tuning set)', () => {
    const judged = judge(bot, long);
    const f = figures(judged);
    console.log(`${report('tuning set 3 (glossary-long.yaml)', judged)}\n${misses(judged).join('\n')}`);
    // Floors at round 5's measured figures (45/56 right first, 54/56 shown or offered, 2 wrong of 67, 11/11
    // honest); round 3 measured 45/56, 53/56, 3 wrong; round 2 38/56, 52/56, 3 wrong; before it 37/56, 48/56 and
    // 7 wrong. Names in passing are offered as choices unless the asking frame points at one ("..., what does a
    // care order give"). Session 20: 47/56, 56/56, 0 wrong (a term named beats a training word; a how-to's
    // guide is the one named after the asking words; "her brother who is four" is an age).
    expect(f.rightFirst).toBeGreaterThanOrEqual(47);
    expect(f.shownOrOffered).toBe(f.answerable);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
  });

  it("reads long questions in people's own words: a name among who is asking and why, a concept described, out of scope (fourth tuning set)", () => {
    const judged = judge(bot, long2);
    const f = figures(judged);
    console.log(`${report('tuning set 4 (glossary-long2.yaml)', judged)}\n${misses(judged).join('\n')}`);
    // Written before round 3 changed the search; measured then: 42/60 right first, 53/60 shown or offered,
    // 3 wrong of 71, 11/11 honest. Floors at round 3's figures: 52/60, 58/60, 0 wrong, 11/11.
    expect(f.answerable).toBeGreaterThanOrEqual(50);
    expect(judged.every((j) => j.long)).toBe(true);
    // Session 20: 54/60, 60/60, 0 wrong.
    expect(f.rightFirst).toBeGreaterThanOrEqual(54);
    expect(f.shownOrOffered).toBe(f.answerable);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
  });

  it('keeps the first tuning set right through the whole bot, not only the search', () => {
    const judged = judge(bot, tuning);
    const f = figures(judged);
    console.log(
      `${report('tuning set 1 (glossary-queries.yaml) through routing', judged)}\n${misses(judged).join('\n')}`,
    );
    // Measured 201/205 right first, 205/205 shown or offered, 0 wrong, 20/20 honest (unchanged by round 3).
    expect(f.rightFirst).toBeGreaterThanOrEqual(201);
    expect(f.shownOrOffered).toBe(f.answerable);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
  });
});
