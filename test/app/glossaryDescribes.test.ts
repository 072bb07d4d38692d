import { join } from 'node:path';
import { figures, judge, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// Written in session 19 round 2, before that round's search changes, from the blind sets' weakest kind:
// questions that describe a concept without naming it (a tuning set, not a measure).
const describes = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-describes.yaml'));

describe('glossary on the sixth tuning set (glossary-describes.yaml)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is 40 questions that describe without naming, of six kinds', () => {
    expect(describes.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['map', 'tool', 'meeting', 'question', 'behaviour', 'role'])
      expect(describes.some((q) => q.kind === kind)).toBe(true);
  });

  it('answers the right term first, offers it otherwise, and never defines the wrong term', () => {
    const judged = judge(bot, describes);
    const f = figures(judged);
    console.log(`${report('tuning set 6 (glossary-describes.yaml)', judged)}\n${misses(judged).join('\n')}`);
    // Measured before this round's changes: 29/40 right first, 37/40 shown or offered, 3 wrong (a name in
    // passing, "... for a child in foster care", defined instead of the meeting or person described).
    // Floors at the figures after the fixes of that kind: 31/40, 39/40, 0 wrong.
    expect(f.rightFirst).toBeGreaterThanOrEqual(31);
    expect(f.shownOrOffered).toBeGreaterThanOrEqual(39);
    expect(f.wrong).toBe(0);
  });
});
