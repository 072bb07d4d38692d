import { wording } from '../../src/content/pack';
import {
  applySupervision,
  isReasonableDate,
  type Person,
  STAGES,
  type SupervisionCommand,
  type SupervisionSession,
  startSupervision,
  supervisionText,
} from '../../src/features/supervision/model';
import { GuidedError, steeringRevision } from '../../src/guided/kernel';
import { realContent } from '../helpers/testBot';

const SAM: Person = { id: 'sam', name: 'Sam' };
const ALEX: Person = { id: 'alex', name: 'Alex' };
const NOW = Date.UTC(2026, 10, 29);
let n = 0;
const ctx = (actor: Person = SAM) => ({ actor, now: NOW, commandId: `c${n++}` });
const prompts = { experience: ['e'], reflection: ['r'], analysis: ['a'], action: ['p'] };
const fresh = () =>
  startSupervision({ id: 's', label: 'Case 7', supervisor: SAM, prompts, now: NOW, commandId: 'start' });
const run = (s: SupervisionSession, c: SupervisionCommand, who: Person = SAM) =>
  applySupervision(s, c, ctx(who)).session;
function refused(fn: () => unknown): GuidedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GuidedError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('reflective supervision flow', () => {
  it('follows the reflective cycle to a summary and back', () => {
    let s = fresh();
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(s.step.kind === 'stage' ? s.step.stage : 'summary');
      s = run(s, { type: 'next', revision: steeringRevision(s) });
    }
    expect(seen).toEqual([...STAGES]);
    expect(s.step).toEqual({ kind: 'summary' });
    s = run(s, { type: 'back', revision: steeringRevision(s) });
    expect(s.step).toEqual({ kind: 'stage', stage: 'action' });
  });

  it('keeps notes per stage and agreed actions with owner and date', () => {
    let s = run(fresh(), { type: 'addNote', stage: 'experience', text: 'Saw the home' });
    s = run(s, { type: 'addNote', stage: 'analysis', text: 'Harm or complicating factor?' }, ALEX);
    s = run(s, { type: 'addAction', what: 'Book a network meeting', owner: 'Alex', byWhen: '2026-12-10' });
    expect(s.notes.map((x) => [x.stage, x.text, x.author.name])).toEqual([
      ['experience', 'Saw the home', 'Sam'],
      ['analysis', 'Harm or complicating factor?', 'Alex'],
    ]);
    expect(s.actions).toEqual([
      expect.objectContaining({ what: 'Book a network meeting', owner: 'Alex', byWhen: '2026-12-10' }),
    ]);
    const text = supervisionText(
      s,
      { experience: 'The experience', reflection: 'Reflection', analysis: 'Analysis', action: 'Action planning' },
      NOW,
      wording(realContent()),
    );
    expect(text).toContain('  - Saw the home');
    expect(text).toContain('  - Book a network meeting | Who: Alex | By: 10 Dec 2026');
  });

  it('refuses empty, over-long and undated entries', () => {
    expect(refused(() => run(fresh(), { type: 'addNote', stage: 'experience', text: ' ' })).code).toBe('Empty');
    expect(refused(() => run(fresh(), { type: 'addNote', stage: 'experience', text: 'x'.repeat(1001) })).code).toBe(
      'TooLong',
    );
    expect(refused(() => run(fresh(), { type: 'addAction', what: 'x', owner: 'y', byWhen: '2026-02-30' })).code).toBe(
      'BadDate',
    );
    expect(refused(() => run(fresh(), { type: 'addAction', what: 'x', owner: '', byWhen: '2026-12-01' })).code).toBe(
      'Empty',
    );
  });

  it('lets only the supervisor steer, and only authors or the supervisor remove', () => {
    let s = run(fresh(), { type: 'addNote', stage: 'experience', text: 'mine' }, ALEX);
    expect(refused(() => run(s, { type: 'next', revision: steeringRevision(s) }, ALEX)).code).toBe('NotAllowed');
    const other = { id: 'jo', name: 'Jo' };
    expect(refused(() => run(s, { type: 'removeNote', noteId: 'n1' }, other)).code).toBe('NotAllowed');
    s = run(s, { type: 'removeNote', noteId: 'n1' }, SAM);
    expect(s.notes).toEqual([]);
  });

  it('refuses navigation from an old card and ignores a repeated command', () => {
    const s = fresh();
    const moved = run(s, { type: 'next', revision: steeringRevision(s) });
    expect(refused(() => run(moved, { type: 'next', revision: steeringRevision(s) })).code).toBe('StaleCard');
    const c = ctx();
    const once = applySupervision(s, { type: 'addNote', stage: 'experience', text: 'x' }, c);
    expect(applySupervision(once.session, { type: 'addNote', stage: 'experience', text: 'x' }, c).changed).toBe(false);
  });

  it('closes, refuses changes while closed, and reopens', () => {
    let s = run(fresh(), { type: 'close' });
    expect(s.status).toBe('closed');
    expect(refused(() => run(s, { type: 'addNote', stage: 'action', text: 'x' })).code).toBe('SessionClosed');
    s = run(s, { type: 'reopen' });
    expect(s.status).toBe('active');
  });

  it('accepts real dates in a sensible window only', () => {
    expect(isReasonableDate('2026-12-31', NOW)).toBe(true);
    expect(isReasonableDate('2026-13-01', NOW)).toBe(false);
    expect(isReasonableDate('31/12/2026', NOW)).toBe(false);
    expect(isReasonableDate('2031-01-01', NOW)).toBe(false);
  });
});
