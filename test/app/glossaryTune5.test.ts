import { join } from 'node:path';
import { figures, judge, misses, readQuestions, report } from '../helpers/glossaryEval';
import { TestBot } from '../helpers/testBot';

// Written in session 20's second round before that round's changes: natural ways of asking for a difference,
// other models and everyday admin, requests to do work, questions about the bot, a young child's need with no
// tool named, command words asked about, and describing questions (a tuning set, not a measure).
const tune5 = readQuestions(join(__dirname, '..', 'fixtures', 'glossary-tune5.yaml'));

describe('glossary on the ninth tuning set (glossary-tune5.yaml)', () => {
  let bot: TestBot;
  beforeAll(() => {
    bot = TestBot.create();
  });
  afterAll(() => bot.close());

  it('is 40 questions of the second round kinds', () => {
    expect(tune5.length).toBe(40);
    for (const kind of ['compare', 'oos-model', 'oos-admin', 'work', 'bot', 'young-child', 'routing', 'describe'])
      expect(tune5.some((q) => q.kind === kind)).toBe(true);
  });

  it('answers the right term first, offers it otherwise, never defines the wrong term, and is honest about gaps', () => {
    const judged = judge(bot, tune5);
    const f = figures(judged);
    console.log(`${report('tuning set 9 (glossary-tune5.yaml)', judged)}\n${misses(judged).join('\n')}`);
    // Measured before this round's changes: 9/24 right first, 15/24 shown or offered, 2 wrong, 14/16 honest.
    expect(f.rightFirst).toBeGreaterThanOrEqual(FLOOR.rightFirst);
    expect(f.shownOrOffered).toBe(f.answerable);
    expect(f.wrong).toBe(0);
    expect(f.honestNoMatch).toBe(f.outOfScope);
    // Another model or everyday admin is told plainly "I don't have that term yet", never "did you mean".
    const gaps = judged.filter((j) => j.kind === 'oos-model' || j.kind === 'oos-admin');
    expect(gaps.filter((j) => j.saidNotYet).length).toBe(gaps.length);
    // Requests to do work and questions about the bot are answered by the bot's own words, never a glossary card.
    for (const j of judged.filter((q) => q.kind === 'work' || q.kind === 'bot')) expect(j.feature).not.toBe('glossary');
  });
});

const FLOOR = { rightFirst: 20 };
