import { loadConfig } from '../../src/config';
import { loadContent } from '../../src/content/pack';
import {
  apply,
  type Command,
  carriedIds,
  forgetPerson,
  type MappingSession,
  type Person,
  startSession,
} from '../../src/features/mapping/model';
import { changeLines, DRIFT_PROMPTS, driftView, historyLines, reviewSummary } from '../../src/features/reviews/view';
import { GuidedError, steeringRevision } from '../../src/guided/kernel';
import { expiresAt, isExpired } from '../../src/state/lifecycle';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const ALEX: Person = { id: 'u-alex', name: 'Alex' };
const JO: Person = { id: 'u-jo', name: 'Jo' };
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 11, 1, 10);
const content = loadContent();

let ids = 0;
let clock = T0;
/** Applies commands in turn, each a minute after the last. */
function run(session: MappingSession, ...steps: [Command, Person?][]): MappingSession {
  return steps.reduce((s, [command, actor]) => {
    clock += 60_000;
    return apply(s, command, { actor: actor ?? SAM, now: clock, commandId: `c${ids++}` }).session;
  }, session);
}
function refused(fn: () => unknown): GuidedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GuidedError) return err;
    throw err;
  }
  throw new Error('was not refused');
}
const rev = (s: MappingSession) => steeringRevision(s);

/** A group map with a worry each from Sam, Alex and Jo, a strength and a next step, scored 4/5/6 and closed. */
function firstRound(): MappingSession {
  clock = T0;
  let s = startSession({ id: 'm1', label: 'Case 4', setting: 'group', facilitator: SAM, now: T0, commandId: 'start' });
  s = run(
    s,
    [{ type: 'addItems', question: 'worries', subheading: 'past-harm', texts: ['Dad hit mum'] }, SAM],
    [{ type: 'addItems', question: 'worries', subheading: 'future-danger', texts: ['Baby could be hurt'] }, ALEX],
    [{ type: 'addItems', question: 'worries', subheading: 'complicating-factors', texts: ['Mum is isolated'] }, JO],
    [{ type: 'addItems', question: 'working', subheading: 'existing-strengths', texts: ['Gran visits daily'] }, ALEX],
    [{ type: 'addItems', question: 'needs', subheading: 'next-steps', texts: ['Safety plan by Friday'] }, SAM],
    [{ type: 'score', score: 4, reason: 'r' }, SAM],
    [{ type: 'score', score: 5, reason: 'r' }, ALEX],
    [{ type: 'score', score: 6, reason: 'r' }, JO],
  );
  s = run(s, [{ type: 'reveal', revision: rev(s) }]);
  return run(s, [{ type: 'close', revision: rev(s) }]);
}
const idOf = (s: MappingSession, text: string) => s.items.find((i) => i.text === text)?.id ?? '';

describe('rounds recorded by the map model', () => {
  it('records round 1 at the reveal, and the close updates it rather than adding another', () => {
    const s = firstRound();
    expect(s.history?.rounds.map((r) => [r.n, r.scores, r.median, r.spread])).toEqual([[1, [4, 5, 6], 5, 2]]);
    // Reopen, remove an item, close again: still one round, now without the item.
    let again = run(s, [{ type: 'reopen' }]);
    again = run(again, [{ type: 'removeItem', itemId: idOf(again, 'Mum is isolated') }]);
    again = run(again, [{ type: 'close', revision: rev(again) }]);
    expect(again.history?.rounds).toHaveLength(1);
    expect(again.history?.rounds[0]?.items.map((i) => i.text)).not.toContain('Mum is isolated');
  });

  it('records nothing before any reveal in a group, and a personal map records when scored', () => {
    clock = T0;
    let group = startSession({ id: 'g', label: 'G', setting: 'group', facilitator: SAM, now: T0, commandId: 's' });
    group = run(group, [{ type: 'score', score: 5, reason: '' }, ALEX]);
    expect(group.history).toBeUndefined();
    let personal = startSession({
      id: 'p',
      label: 'P',
      setting: 'personal',
      facilitator: SAM,
      now: T0,
      commandId: 's',
    });
    personal = run(personal, [{ type: 'score', score: 7, reason: '' }]);
    expect(personal.history?.rounds[0]).toMatchObject({ n: 1, scores: [7], median: 7 });
  });

  it('starts a review only for the facilitator and only once a round is recorded; clears scores and the review', () => {
    clock = T0;
    const blank = startSession({ id: 'b', label: 'B', setting: 'group', facilitator: SAM, now: T0, commandId: 's' });
    expect(refused(() => run(blank, [{ type: 'startReview' }])).detail.why).toBe('no-round');
    let s = firstRound();
    s = run(s, [{ type: 'setReview', dueAt: T0 + 14 * DAY, keepUntil: T0 + 28 * DAY, reminder: 'r1' }]);
    expect(refused(() => run(s, [{ type: 'startReview' }, ALEX])).code).toBe('NotAllowed');
    s = run(s, [{ type: 'startReview' }]);
    expect(s).toMatchObject({ status: 'active', round: 2, scores: [], revealed: false, step: { kind: 'question' } });
    expect(s.review).toBeUndefined();
    expect(s.keepUntil).toBeUndefined();
    expect([...carriedIds(s)]).toHaveLength(5);
  });

  it('marks only carried items, by their author or the facilitator; resolving takes the item off and keeps who wrote it', () => {
    let s = run(firstRound(), [{ type: 'startReview' }]);
    s = run(s, [
      { type: 'addItems', question: 'worries', subheading: 'future-danger', texts: ['Drinking again'] },
      ALEX,
    ]);
    expect(refused(() => run(s, [{ type: 'stillTrue', itemId: idOf(s, 'Drinking again') }, ALEX])).detail.why).toBe(
      'not-carried',
    );
    expect(refused(() => run(s, [{ type: 'resolveItem', itemId: idOf(s, 'Baby could be hurt') }, JO])).code).toBe(
      'NotAllowed',
    );
    s = run(s, [{ type: 'stillTrue', itemId: idOf(s, 'Baby could be hurt') }, ALEX]);
    expect(s.stillTrue).toEqual([idOf(s, 'Baby could be hurt')]);
    const jos = idOf(s, 'Mum is isolated');
    s = run(s, [{ type: 'resolveItem', itemId: jos }, JO]);
    expect(s.items.map((i) => i.text)).not.toContain('Mum is isolated');
    expect(s.retired).toEqual([{ id: jos, author: JO.id }]);
  });

  it('a review round recorded at its reveal is marked against the last: carried, changed, resolved, added', () => {
    let s = run(firstRound(), [{ type: 'startReview' }]);
    s = run(
      s,
      [{ type: 'editItem', itemId: idOf(s, 'Dad hit mum'), text: 'Dad hit mum twice' }],
      [{ type: 'resolveItem', itemId: idOf(s, 'Mum is isolated') }, JO],
      [{ type: 'addItems', question: 'worries', subheading: 'future-danger', texts: ['Drinking again'] }, ALEX],
      [{ type: 'score', score: 3, reason: '' }, SAM],
      [{ type: 'score', score: 3, reason: '' }, ALEX],
    );
    s = run(s, [{ type: 'reveal', revision: rev(s) }]);
    const round = s.history?.rounds[1];
    expect(round?.items.filter((i) => i.question === 'worries').map((i) => [i.text, i.status])).toEqual([
      ['Dad hit mum twice', 'changed'],
      ['Baby could be hurt', 'carried'],
      ['Drinking again', 'added'],
      ['Mum is isolated', 'resolved'],
    ]);
    expect(changeLines(round as never, content)).toEqual([
      'Worries: 1 added, 1 changed, 1 resolved, 1 carried over',
      'New: Drinking again',
      'Changed: Dad hit mum twice',
      'Resolved: Mum is isolated',
      'Working well: 0 added, 0 changed, 0 resolved, 1 carried over',
      'Needs to happen: 0 added, 0 changed, 0 resolved, 1 carried over',
    ]);
    expect(historyLines(s, content)).toEqual([
      'Round 1, 1 Dec 2026: median 5, spread 2 (3 scores)',
      'Round 2, 1 Dec 2026: median 3, spread 0 (2 scores)',
    ]);
  });

  it("forget me takes the person's items out of every round, including ones resolved in a review", () => {
    let s = run(firstRound(), [{ type: 'startReview' }]);
    s = run(s, [{ type: 'resolveItem', itemId: idOf(s, 'Mum is isolated') }, JO]);
    s = run(s, [{ type: 'score', score: 5, reason: '' }, SAM]);
    s = run(s, [{ type: 'reveal', revision: rev(s) }]);
    const forgotten = forgetPerson(s, JO.id, clock) as MappingSession;
    expect(JSON.stringify(forgotten.history)).not.toContain('Mum is isolated');
    expect(forgotten.retired).toEqual([]);
    // Alex's items stay in every round.
    expect(forgotten.history?.rounds.every((r) => r.items.some((i) => i.text === 'Baby could be hurt'))).toBe(true);
  });

  it('only the facilitator sets or clears a review, on a closed map too', () => {
    const s = firstRound();
    const review: Command = { type: 'setReview', dueAt: T0 + 14 * DAY, keepUntil: T0 + 28 * DAY, reminder: 'r1' };
    expect(refused(() => run(s, [review, ALEX])).code).toBe('NotAllowed');
    const set = run(s, [review]);
    expect(set).toMatchObject({
      status: 'closed',
      review: { dueAt: T0 + 14 * DAY, reminder: 'r1' },
      keepUntil: T0 + 28 * DAY,
    });
    const cleared = run(set, [{ type: 'clearReview' }]);
    expect(cleared.review).toBeUndefined();
    expect(cleared.keepUntil).toBeUndefined();
  });
});

describe('keeping a map with a review', () => {
  it('expires at keepUntil when set, else the retention period after the last change', () => {
    expect(expiresAt({ updatedAt: T0 }, 30)).toBe(T0 + 30 * DAY);
    expect(expiresAt({ updatedAt: T0, keepUntil: T0 + 60 * DAY }, 30)).toBe(T0 + 60 * DAY);
    expect(isExpired({ updatedAt: T0, keepUntil: T0 + 60 * DAY }, T0 + 40 * DAY, 30)).toBe(false);
    expect(isExpired({ updatedAt: T0, keepUntil: T0 + 60 * DAY }, T0 + 60 * DAY + 1, 30)).toBe(true);
    // A review sooner than the usual retention still decides: the map goes at keepUntil.
    expect(isExpired({ updatedAt: T0, keepUntil: T0 + 20 * DAY }, T0 + 21 * DAY, 30)).toBe(true);
  });

  it('reads REVIEW_GRACE_DAYS and REVIEW_MAX_DAYS, 14 and 180 by default, refusing nonsense', () => {
    const base = { DATA_DIR: '/tmp/x', NODE_ENV: 'test' };
    expect(loadConfig(base)).toMatchObject({ reviewGraceDays: 14, reviewMaxDays: 180 });
    expect(loadConfig({ ...base, REVIEW_GRACE_DAYS: '7', REVIEW_MAX_DAYS: '90' })).toMatchObject({
      reviewGraceDays: 7,
      reviewMaxDays: 90,
    });
    expect(() => loadConfig({ ...base, REVIEW_GRACE_DAYS: '0' })).toThrow(/REVIEW_GRACE_DAYS/);
    expect(() => loadConfig({ ...base, REVIEW_MAX_DAYS: 'soon' })).toThrow(/REVIEW_MAX_DAYS/);
  });
});

describe('the review part of the summary', () => {
  it('shows no flag, chart or changes for a first round, and a review line saying what is kept until when', () => {
    const s = run(firstRound(), [
      { type: 'setReview', dueAt: Date.UTC(2026, 11, 15, 9), keepUntil: Date.UTC(2026, 11, 29, 9), reminder: 'r' },
    ]);
    const data = reviewSummary(s, content);
    expect(data).toMatchObject({ chart: [], changeLines: [], driftText: '', trendLine: '', hasReview: true });
    expect(data.reviewLine).toContain('Review on 15 Dec 2026');
    expect(data.reviewLine).toContain('until 29 Dec 2026');
  });

  it('every drift prompt id is in the prompt bank, and a stuck map offers "what would have to happen" first', () => {
    const bank = new Set(content.prompts.prompts.map((p) => p.id));
    for (const ids of Object.values(DRIFT_PROMPTS)) for (const id of ids) expect(bank).toContain(id);
    let s = firstRound();
    for (const scores of [
      [5, 5],
      [5, 6],
    ]) {
      s = run(s, [{ type: 'startReview' }]);
      s = run(
        s,
        [{ type: 'score', score: scores[0] as number, reason: '' }, SAM],
        [{ type: 'score', score: scores[1] as number, reason: '' }, ALEX],
      );
      s = run(s, [{ type: 'reveal', revision: rev(s) }]);
      s = run(s, [{ type: 'close', revision: rev(s) }]);
    }
    const flag = driftView(s, content);
    expect(flag.kind).toBe('stuck');
    expect(flag.text).toContain('(5, 5, 5.5)');
    expect(flag.prompts[0]?.text).toBe('What would have to happen for this score to move?');
    const data = reviewSummary(s, content);
    expect(data.chart[0]?.values.map((v) => v.y)).toEqual([5, 5, 5.5]);
    expect(data.trendLine).toBe('Median over time: 5 → 5 → 5.5');
  });
});
