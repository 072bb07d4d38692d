import { apply, type Command, type MappingSession, type Person, startSession } from '../../src/features/mapping/model';
import {
  changesByQuestion,
  emptyHistory,
  forgetItems,
  historyFrom,
  openItems,
  type Round,
  type RoundHistory,
  recordRound,
  trend,
} from '../../src/features/reviews/rounds';
import { GuidedError, steeringRevision } from '../../src/guided/kernel';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const ALEX: Person = { id: 'u-alex', name: 'Alex' };
const JO: Person = { id: 'u-jo', name: 'Jo' };
const DAY = 24 * 60 * 60 * 1000;
const JAN_13 = Date.UTC(2025, 0, 13, 10);

function roundOf(history: RoundHistory, index: number): Round {
  const round = history.rounds[index];
  if (!round) throw new Error(`no round ${index}`);
  return round;
}

let ids = 0;
function run(session: MappingSession, ...steps: [Command, Person?][]): MappingSession {
  return steps.reduce(
    (s, [command, actor]) =>
      apply(s, command, { actor: actor ?? SAM, now: JAN_13 + ids, commandId: `c${ids++}` }).session,
    session,
  );
}

const worry = (...texts: string[]): [Command] => [
  { type: 'addItems', question: 'worries', subheading: 'past-harm', texts },
];
const strength = (...texts: string[]): [Command] => [
  { type: 'addItems', question: 'working', subheading: 'existing-strengths', texts },
];
const step = (...texts: string[]): [Command] => [
  { type: 'addItems', question: 'needs', subheading: 'next-steps', texts },
];
const score = (person: Person, n: number, reason = 'private reason'): [Command, Person] => [
  { type: 'score', score: n, reason },
  person,
];

/** A group map of Case 4 with two worries, one strength, one next step and three scores revealed. */
function firstMapping(): MappingSession {
  const s = startSession({
    id: 'm1',
    label: 'Case 4',
    setting: 'group',
    facilitator: SAM,
    now: JAN_13,
    commandId: 'go',
  });
  const filled = run(
    s,
    worry('Children sent to school hungry', 'Shouting heard by neighbours'),
    strength('Nan visits at weekends'),
    step('GP appointment for mum'),
    score(SAM, 4),
    score(ALEX, 3),
    score(JO, 6),
  );
  return run(filled, [{ type: 'reveal', revision: steeringRevision(filled) }]);
}

describe('review rounds', () => {
  it('records the first round with every item added and the revealed scores as median and spread', () => {
    const history = recordRound(emptyHistory(), firstMapping(), JAN_13);
    const [round] = history.rounds;
    expect(round).toMatchObject({ n: 1, date: '2025-01-13', scores: [3, 4, 6], median: 4, spread: 3 });
    expect(round?.items.map((i) => [i.question, i.text, i.status])).toEqual([
      ['worries', 'Children sent to school hungry', 'added'],
      ['worries', 'Shouting heard by neighbours', 'added'],
      ['working', 'Nan visits at weekends', 'added'],
      ['needs', 'GP appointment for mum', 'added'],
    ]);
  });

  it('keeps no names, reasons or score-to-person link in history', () => {
    const history = recordRound(emptyHistory(), firstMapping(), JAN_13);
    const stored = JSON.stringify(history);
    for (const secret of ['Sam', 'Alex', 'Jo', 'u-sam', 'u-alex', 'u-jo', 'private reason', 'Case 4']) {
      expect(stored).not.toContain(secret);
    }
    // Scores are sorted, so their order does not say who gave which.
    expect(history.rounds[0]?.scores).toEqual([3, 4, 6]);
  });

  it('keeps group scores out of history until they are revealed', () => {
    const s = startSession({
      id: 'm1',
      label: 'Case 4',
      setting: 'group',
      facilitator: SAM,
      now: JAN_13,
      commandId: 'go',
    });
    const scored = run(s, worry('A worry'), score(SAM, 7), score(ALEX, 2));
    const round = recordRound(emptyHistory(), scored, JAN_13).rounds[0];
    expect(round?.scores).toEqual([]);
    expect(round?.median).toBeUndefined();
    expect(trend(recordRound(emptyHistory(), scored, JAN_13))).toEqual([]);
  });

  it('marks a review round carried, changed, resolved and added against the round before', () => {
    const first = firstMapping();
    const [hungry, shouting, , gp] = first.items;
    const reviewed = run(
      first,
      [{ type: 'rescale', revision: steeringRevision(first) }],
      [{ type: 'editItem', itemId: shouting?.id ?? '', text: 'Shouting heard twice since October' }],
      [{ type: 'removeItem', itemId: gp?.id ?? '' }],
      step('Food bank referral'),
      score(SAM, 5),
      score(ALEX, 5),
    );
    const revealed = run(reviewed, [{ type: 'reveal', revision: steeringRevision(reviewed) }]);
    const history = historyFrom([
      { session: first, at: JAN_13 },
      { session: revealed, at: JAN_13 + 28 * DAY },
    ]);
    const round = history.rounds[1];
    expect(round).toMatchObject({ n: 2, date: '2025-02-10', scores: [5, 5], median: 5, spread: 0 });
    const status = Object.fromEntries(round?.items.map((i) => [i.text, i.status]) ?? []);
    expect(status).toEqual({
      [hungry?.text ?? '']: 'carried',
      'Shouting heard twice since October': 'changed',
      'Nan visits at weekends': 'carried',
      'GP appointment for mum': 'resolved',
      'Food bank referral': 'added',
    });
    expect(round?.items.find((i) => i.status === 'changed')?.was).toBe('Shouting heard by neighbours');
    expect(changesByQuestion(roundOf(history, 1))).toEqual({
      worries: { carried: 1, changed: 1, resolved: 0, added: 0 },
      working: { carried: 1, changed: 0, resolved: 0, added: 0 },
      needs: { carried: 0, changed: 0, resolved: 1, added: 1 },
    });
  });

  it('matches items by their words when a map is rebuilt with new ids, and tells case and spacing apart from new words', () => {
    const first = firstMapping();
    const rebuilt = run(
      startSession({ id: 'm2', label: 'Case 4', setting: 'personal', facilitator: SAM, now: JAN_13, commandId: 'go2' }),
      worry('children  sent to school HUNGRY', 'Shouting heard by the neighbours'),
      strength('Nan visits at weekends'),
      score(SAM, 4),
    );
    const round = historyFrom([
      { session: first, at: JAN_13 },
      { session: rebuilt, at: JAN_13 + 14 * DAY },
    ]).rounds[1];
    expect(round?.items.map((i) => [i.text, i.status])).toEqual([
      ['children sent to school HUNGRY', 'carried'],
      ['Shouting heard by the neighbours', 'added'],
      ['Shouting heard by neighbours', 'resolved'],
      ['Nan visits at weekends', 'carried'],
      ['GP appointment for mum', 'resolved'],
    ]);
  });

  it('compares a round with what was still open last round, so a resolved item does not come back as resolved again', () => {
    const first = firstMapping();
    const gp = first.items[3];
    const second = run(first, [{ type: 'removeItem', itemId: gp?.id ?? '' }]);
    const history = historyFrom([
      { session: first, at: JAN_13 },
      { session: second, at: JAN_13 + 14 * DAY },
      { session: second, at: JAN_13 + 28 * DAY },
    ]);
    expect(history.rounds[2]?.items.every((i) => i.status === 'carried')).toBe(true);
    expect(openItems(roundOf(history, 2))).toHaveLength(3);
  });

  it('records a round again after a reopen without adding one, and refuses a round dated before the last', () => {
    const first = firstMapping();
    const h1 = recordRound(emptyHistory(), first, JAN_13);
    const more = run(first, worry('Missed health visitor'));
    const h2 = recordRound(h1, more, JAN_13 + DAY, 'update');
    expect(h2.rounds).toHaveLength(1);
    expect(h2.rounds[0]?.n).toBe(1);
    expect(h2.rounds[0]?.items.map((i) => i.status)).toEqual(['added', 'added', 'added', 'added', 'added']);
    const h3 = recordRound(h2, more, JAN_13 + 30 * DAY);
    expect(h3.rounds.map((r) => r.n)).toEqual([1, 2]);
    expect(() => recordRound(h3, more, JAN_13)).toThrow(GuidedError);
  });

  it('gives the score history as dated medians and spreads, skipping rounds without revealed scores', () => {
    const first = firstMapping();
    const unrevealed = run(first, [{ type: 'rescale', revision: steeringRevision(first) }], score(SAM, 8));
    const history = historyFrom([
      { session: first, at: JAN_13 },
      { session: unrevealed, at: JAN_13 + 14 * DAY },
    ]);
    expect(trend(history)).toEqual([{ n: 1, date: '2025-01-13', median: 4, spread: 3, count: 3 }]);
  });

  it("forgets the given items in every round and keeps everyone else's", () => {
    const first = firstMapping();
    const history = historyFrom([
      { session: first, at: JAN_13 },
      { session: first, at: JAN_13 + 14 * DAY },
    ]);
    const forgotten = forgetItems(history, [first.items[0]?.id ?? '']);
    for (const round of forgotten.rounds) {
      expect(round.items.map((i) => i.text)).not.toContain('Children sent to school hungry');
      expect(round.items).toHaveLength(3);
    }
  });
});
