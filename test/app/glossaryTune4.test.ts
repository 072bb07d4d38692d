import { join } from 'node:path';
import { figures, judge, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// Written in session 20 before that session's search changes: long questions that describe a concept
// without naming it, of seven kinds, and four descriptions of things the glossary does not hold (a tuning set).
const tune4 = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-tune4.yaml'));

describe('glossary on the eighth tuning set (glossary-tune4.yaml)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is 40 questions that describe without naming, of seven kinds, most of them long', () => {
    expect(tune4.length).toBe(40);
    for (const kind of ['map', 'tool', 'meeting', 'question', 'behaviour', 'role', 'legal', 'not-held'])
      expect(tune4.some((q) => q.kind === kind)).toBe(true);
    expect(tune4.filter((q) => q.q.trim().split(/\s+/).length >= 9).length).toBeGreaterThanOrEqual(36);
  });

  it('answers the right term first, offers it otherwise, and never defines the wrong term', () => {
    const judged = judge(bot, tune4);
    const f = figures(judged);
    console.log(`${report('tuning set 8 (glossary-tune4.yaml)', judged)}\n${misses(judged).join('\n')}`);
    // Measured before this session's changes: 20/36 right first, 30/36 shown or offered, 4 wrong, 4/4 honest.
    // Floors at the figures after them.
    expect(f.rightFirst).toBeGreaterThanOrEqual(FLOOR.rightFirst);
    expect(f.shownOrOffered).toBeGreaterThanOrEqual(FLOOR.shownOrOffered);
    expect(f.wrong).toBeLessThanOrEqual(FLOOR.wrong);
    expect(f.honestNoMatch).toBe(f.outOfScope);
  });
});

const FLOOR = { rightFirst: 24, shownOrOffered: 33, wrong: 0 };
