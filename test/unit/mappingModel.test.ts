import {
  apply,
  type Command,
  type CommandContext,
  cleanText,
  DEFAULT_LIMITS,
  type MappingSession,
  type Person,
  scoreStats,
  splitItems,
  startSession,
} from '../../src/features/mapping/model';
import { GuidedError, steeringRevision } from '../../src/guided/kernel';
import { isExpired } from '../../src/state/lifecycle';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const ALEX: Person = { id: 'u-alex', name: 'Alex' };
const JO: Person = { id: 'u-jo', name: 'Jo' };

let ids = 0;
const ctx = (actor: Person = SAM, extra: Partial<CommandContext> = {}): CommandContext => ({
  actor,
  now: 1_000_000 + ids,
  commandId: `cmd-${ids++}`,
  ...extra,
});

const fresh = (setting: 'personal' | 'group' = 'group'): MappingSession =>
  startSession({ id: 's1', label: 'Case 4', setting, facilitator: SAM, now: 1_000_000, commandId: 'start' });

/** Applies commands in turn, as the given people. */
function run(session: MappingSession, ...steps: [Command, Person?][]): MappingSession {
  return steps.reduce((s, [command, actor]) => apply(s, command, ctx(actor)).session, session);
}

function refused(fn: () => unknown): GuidedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GuidedError) return err;
    throw err;
  }
  throw new Error('expected a GuidedError');
}

describe('starting a map', () => {
  it('starts at the first question with the starter as facilitator', () => {
    const s = fresh();
    expect(s).toMatchObject({
      label: 'Case 4',
      status: 'active',
      step: { kind: 'question', question: 'worries' },
      revision: 1,
    });
    expect(s.facilitator).toEqual(SAM);
    expect(s.participants).toEqual([SAM]);
  });

  it('refuses an empty or over-long case reference', () => {
    expect(
      refused(() => startSession({ id: 'x', label: '   ', setting: 'group', facilitator: SAM, now: 0, commandId: 'c' }))
        .code,
    ).toBe('Empty');
    const long = refused(() =>
      startSession({ id: 'x', label: 'x'.repeat(41), setting: 'group', facilitator: SAM, now: 0, commandId: 'c' }),
    );
    expect(long).toMatchObject({ code: 'TooLong', detail: { field: 'label', max: 40 } });
  });
});

describe('moving through the questions', () => {
  const rev = (s: MappingSession) => steeringRevision(s);

  it('goes worries -> working -> needs -> scaling -> summary with no checkpoints', () => {
    let s = fresh();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      s = apply(s, { type: 'next', revision: rev(s) }, ctx()).session;
      seen.push(s.step.kind === 'question' ? s.step.question : s.step.kind);
    }
    expect(seen).toEqual(['working', 'needs', 'scaling', 'summary', 'summary']);
  });

  it('stops at a checkpoint between questions when prompts are offered', () => {
    let s = fresh();
    const checkpoint = () => ['analysis-behaviour-not-label'];
    s = apply(s, { type: 'next', revision: steeringRevision(s) }, ctx(SAM, { checkpoint })).session;
    expect(s.step).toEqual({ kind: 'checkpoint', after: 'worries', promptIds: ['analysis-behaviour-not-label'] });
    expect(s.usedPrompts).toEqual(['analysis-behaviour-not-label']);
    s = apply(s, { type: 'next', revision: steeringRevision(s) }, ctx(SAM, { checkpoint })).session;
    expect(s.step).toEqual({ kind: 'question', question: 'working' });
  });

  it('goes back from each step', () => {
    const back = (step: MappingSession['step']) => {
      const s = { ...fresh(), step };
      return apply(s, { type: 'back', revision: steeringRevision(s) }, ctx()).session.step;
    };
    expect(back({ kind: 'question', question: 'worries' })).toEqual({ kind: 'question', question: 'worries' });
    expect(back({ kind: 'question', question: 'needs' })).toEqual({ kind: 'question', question: 'working' });
    expect(back({ kind: 'checkpoint', after: 'working', promptIds: [] })).toEqual({
      kind: 'question',
      question: 'working',
    });
    expect(back({ kind: 'scaling' })).toEqual({ kind: 'question', question: 'needs' });
    expect(back({ kind: 'summary' })).toEqual({ kind: 'scaling' });
  });

  it.each(['worries', 'working', 'needs', 'scaling', 'summary'] as const)('jumps straight to %s', (to) => {
    const s = fresh();
    const step = apply(s, { type: 'goto', to, revision: steeringRevision(s) }, ctx()).session.step;
    expect(step.kind === 'question' ? step.question : step.kind).toBe(to);
  });

  it("goes 'Back to the map' from a jump to the summary to where the jump came from (outside judge, session 23)", () => {
    const steer = (s: MappingSession, command: Record<string, unknown>) =>
      apply(s, { ...command, revision: steeringRevision(s) } as never, ctx()).session;
    const where = (s: MappingSession) => (s.step.kind === 'question' ? s.step.question : s.step.kind);
    // From the first question, and from the working-well one.
    for (const from of ['worries', 'working'] as const) {
      const at = steer(fresh(), { type: 'goto', to: from });
      const summary = steer(at, { type: 'goto', to: 'summary' });
      expect(where(summary)).toBe('summary');
      const back = steer(summary, { type: 'back' });
      expect(where(back)).toBe(from);
      // Only once: Back again is the step before, as ever.
      expect(where(steer(back, { type: 'back' }))).toBe('worries');
      expect(back.backTo).toBeUndefined();
    }
    // Reaching the summary step by step, or a stored map from before this (no backTo): the step before it.
    const walked = steer(steer(fresh(), { type: 'goto', to: 'scaling' }), { type: 'next' });
    expect(where(walked)).toBe('summary');
    expect(where(steer(walked, { type: 'back' }))).toBe('scaling');
    // A jump elsewhere after the summary forgets where the earlier jump came from.
    const away = steer(steer(steer(fresh(), { type: 'goto', to: 'summary' }), { type: 'goto', to: 'needs' }), {
      type: 'goto',
      to: 'summary',
    });
    expect(where(steer(away, { type: 'back' }))).toBe('needs');
  });

  it('refuses navigation from a card drawn before the map last moved', () => {
    const drawn = fresh();
    const moved = apply(drawn, { type: 'next', revision: steeringRevision(drawn) }, ctx()).session;
    expect(refused(() => apply(moved, { type: 'next', revision: steeringRevision(drawn) }, ctx())).code).toBe(
      'StaleCard',
    );
  });

  it("keeps the facilitator's buttons current while people add, edit and score (outside judge, session 20)", () => {
    const drawn = fresh();
    // Others contribute after the facilitator's card was drawn: its Next still works.
    const s = run(
      drawn,
      [{ type: 'addItems', question: 'worries', subheading: 'past-harm', texts: ['x did y'] }, ALEX],
      [{ type: 'editItem', itemId: 'i1', text: 'x did y twice' }, ALEX],
    );
    expect(s.revision).toBeGreaterThan(drawn.revision);
    expect(apply(s, { type: 'next', revision: steeringRevision(drawn) }, ctx()).session.step).not.toEqual(drawn.step);
  });

  it('lets only the facilitator steer a group map', () => {
    const s = fresh();
    expect(refused(() => apply(s, { type: 'next', revision: steeringRevision(s) }, ctx(ALEX)))).toMatchObject({
      code: 'NotAllowed',
      detail: { lead: 'Sam' },
    });
  });
});

describe('items', () => {
  const add = (texts: string[], subheading: 'past-harm' | 'complicating-factors' = 'past-harm'): Command => ({
    type: 'addItems',
    question: 'worries',
    subheading,
    texts,
  });

  it('adds one or several items under a sub-heading, keeping the author', () => {
    const s = run(fresh(), [add(['Dad hit mum in front of the child']), SAM], [add(['one', 'two']), ALEX]);
    expect(s.items.map((i) => [i.id, i.text, i.author.name])).toEqual([
      ['i1', 'Dad hit mum in front of the child', 'Sam'],
      ['i2', 'one', 'Alex'],
      ['i3', 'two', 'Alex'],
    ]);
    expect(s.participants.map((p) => p.name)).toEqual(['Sam', 'Alex']);
  });

  it('accepts additions from an older card: nothing typed is lost', () => {
    let s = fresh();
    s = apply(s, { type: 'next', revision: steeringRevision(s) }, ctx()).session;
    s = apply(s, add(['late worry']), ctx(ALEX)).session;
    expect(s.items.map((i) => i.question)).toEqual(['worries']);
  });

  it('refuses a sub-heading from another question', () => {
    const bad = { type: 'addItems', question: 'working', subheading: 'past-harm', texts: ['x'] } as unknown as Command;
    expect(refused(() => apply(fresh(), bad, ctx())).code).toBe('InvalidSubmission');
  });

  it('refuses an empty item, an over-long one, and too many', () => {
    expect(refused(() => apply(fresh(), add(['  ', '']), ctx())).code).toBe('Empty');
    expect(refused(() => apply(fresh(), add(['x'.repeat(501)]), ctx()))).toMatchObject({
      code: 'TooLong',
      detail: { max: 500 },
    });
    expect(refused(() => apply(fresh(), add(Array(21).fill('x')), ctx())).code).toBe('TooMany');
    const nearlyFull = {
      ...fresh(),
      items: Array.from({ length: 149 }, (_, i) => ({ ...fresh(), id: `i${i}` }) as never),
    };
    expect(refused(() => apply(nearlyFull, add(['a', 'b']), ctx()))).toMatchObject({
      code: 'TooMany',
      detail: { left: 1 },
    });
  });

  it('lets the author or the facilitator edit and remove, and nobody else', () => {
    let s = run(fresh(), [add(['by alex']), ALEX]);
    expect(refused(() => apply(s, { type: 'editItem', itemId: 'i1', text: 'jo was here' }, ctx(JO))).code).toBe(
      'NotAllowed',
    );
    s = apply(s, { type: 'editItem', itemId: 'i1', text: 'edited by alex' }, ctx(ALEX)).session;
    expect(s.items[0]).toMatchObject({ text: 'edited by alex', editedAt: expect.any(Number) });
    s = apply(s, { type: 'editItem', itemId: 'i1', text: 'edited by sam' }, ctx(SAM)).session;
    expect(s.items[0]?.text).toBe('edited by sam');
    expect(refused(() => apply(s, { type: 'removeItem', itemId: 'i1' }, ctx(JO))).code).toBe('NotAllowed');
    s = apply(s, { type: 'removeItem', itemId: 'i1' }, ctx(ALEX)).session;
    expect(s.items).toEqual([]);
  });

  it('says when an item to edit is gone', () => {
    expect(refused(() => apply(fresh(), { type: 'removeItem', itemId: 'i9' }, ctx())).code).toBe('NotFound');
  });

  it('applies a command once, however often it arrives', () => {
    const s = fresh();
    const c = ctx(ALEX);
    const once = apply(s, add(['only once']), c);
    const twice = apply(once.session, add(['only once']), c);
    expect(twice.changed).toBe(false);
    expect(twice.session.items).toHaveLength(1);
  });

  it('never changes the session it was given', () => {
    const s = fresh();
    const before = JSON.stringify(s);
    apply(s, add(['x']), ctx());
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('scaling', () => {
  const toScaling = (setting: 'personal' | 'group' = 'group') => {
    const s = fresh(setting);
    return apply(s, { type: 'goto', to: 'scaling', revision: steeringRevision(s) }, ctx()).session;
  };

  it('keeps group scores private until the facilitator reveals them', () => {
    let s = run(
      toScaling(),
      [{ type: 'score', score: 3, reason: 'a' }, ALEX],
      [{ type: 'score', score: 7, reason: 'b' }, JO],
    );
    expect(s.revealed).toBe(false);
    expect(refused(() => apply(s, { type: 'reveal', revision: steeringRevision(s) }, ctx(ALEX))).code).toBe(
      'NotAllowed',
    );
    s = apply(s, { type: 'reveal', revision: steeringRevision(s) }, ctx(SAM)).session;
    expect(s.revealed).toBe(true);
  });

  it('lets a person change their score before the reveal, not after', () => {
    let s = run(
      toScaling(),
      [{ type: 'score', score: 3, reason: 'a' }, ALEX],
      [{ type: 'score', score: 5, reason: 'b' }, ALEX],
    );
    expect(s.scores.map((x) => x.score)).toEqual([5]);
    s = apply(s, { type: 'reveal', revision: steeringRevision(s) }, ctx()).session;
    expect(refused(() => apply(s, { type: 'score', score: 9, reason: '' }, ctx(ALEX))).code).toBe('WrongStep');
  });

  it('shows a personal score at once, and lets it change', () => {
    let s = run(toScaling('personal'), [{ type: 'score', score: 4, reason: 'r' }, SAM]);
    expect(s.revealed).toBe(true);
    s = run(s, [{ type: 'score', score: 5, reason: 'r2' }, SAM]);
    expect(s.scores.map((x) => x.score)).toEqual([5]);
  });

  it.each([-1, 11, 2.5, Number.NaN])('refuses %p as a score', (score) => {
    expect(refused(() => apply(toScaling(), { type: 'score', score, reason: '' }, ctx())).code).toBe('OutOfRange');
  });

  it('refuses to reveal before anyone scores', () => {
    const s = toScaling();
    expect(refused(() => apply(s, { type: 'reveal', revision: steeringRevision(s) }, ctx())).code).toBe('WrongStep');
  });

  it('records what one point higher would look like, after scoring', () => {
    let s = run(toScaling('personal'), [{ type: 'score', score: 4, reason: 'r' }, SAM]);
    s = run(s, [{ type: 'higher', text: 'Dad attends all contact sober' }, SAM]);
    expect(s.scores[0]?.higher).toBe('Dad attends all contact sober');
    expect(refused(() => apply(s, { type: 'higher', text: 'x' }, ctx(ALEX))).code).toBe('WrongStep');
  });

  it('starts scaling again from scratch', () => {
    let s = run(toScaling(), [{ type: 'score', score: 3, reason: 'a' }, ALEX]);
    s = apply(s, { type: 'reveal', revision: steeringRevision(s) }, ctx()).session;
    s = apply(s, { type: 'rescale', revision: steeringRevision(s) }, ctx()).session;
    expect(s).toMatchObject({ scores: [], revealed: false, step: { kind: 'scaling' } });
  });

  it('works out the median and spread', () => {
    const at = (score: number) => ({ person: SAM, score, reason: '', at: 0 });
    expect(scoreStats([at(3), at(7), at(4), at(8)])).toEqual({ count: 4, median: 5.5, spread: 5, min: 3, max: 8 });
    expect(scoreStats([at(6)])).toEqual({ count: 1, median: 6, spread: 0, min: 6, max: 6 });
    expect(scoreStats([])).toBeUndefined();
  });
});

describe('closing', () => {
  it('closes to the summary, refuses changes after, and can reopen', () => {
    let s = fresh();
    s = apply(s, { type: 'close', revision: steeringRevision(s) }, ctx()).session;
    expect(s).toMatchObject({ status: 'closed', step: { kind: 'summary' } });
    expect(
      refused(() => apply(s, { type: 'addItems', question: 'worries', subheading: 'past-harm', texts: ['x'] }, ctx()))
        .code,
    ).toBe('SessionClosed');
    expect(refused(() => apply(s, { type: 'reopen' }, ctx(ALEX))).code).toBe('NotAllowed');
    s = apply(s, { type: 'reopen' }, ctx()).session;
    expect(s.status).toBe('active');
  });

  it('expires after the retention period of inactivity', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(isExpired({ updatedAt: 0 }, 30 * day - 1, 30)).toBe(false);
    expect(isExpired({ updatedAt: 0 }, 30 * day + 1, 30)).toBe(true);
  });
});

describe('text helpers', () => {
  it('splits pasted lists into items, dropping bullets and blank lines', () => {
    expect(splitItems('- one\n\n* two\n3. three\n  • four  \n')).toEqual(['one', 'two', 'three', 'four']);
  });

  it('removes control and invisible characters but keeps accents and emoji', () => {
    expect(cleanText('  caf\u0065\u0301 \u200b\u0007ok 👍  ')).toBe('café ok 👍');
  });

  it('keeps the limits in one place', () => {
    expect(DEFAULT_LIMITS).toEqual({
      labelChars: 40,
      itemChars: 500,
      itemsPerSession: 150,
      itemsPerSubmit: 20,
      reasonChars: 500,
    });
  });
});
