import { DEFAULT_RULES, type DriftKind, drift, newStrengths, overlap } from '../../src/features/reviews/drift';
import type { RoundHistory } from '../../src/features/reviews/rounds';
import { historyOf, type RoundSpec } from '../helpers/reviewRounds';

type Spec = RoundSpec;

const history = (...specs: Spec[]): RoundHistory => historyOf(specs);

const W = ['Harm: bruise to Leo’s arm in March', 'Danger: Leo hurt again when dad drinks'];
const S = ['Strength: mum calls the school when worried', 'Safety: nan collects Leo on Fridays'];
const N = ['Goal: Leo safe at home for 3 months', 'Next step: dad to start alcohol support'];
const base = (date: string, scores: number[], change: Partial<Spec> = {}): Spec => ({
  date,
  scores,
  worries: W,
  working: S,
  needs: N,
  ...change,
});

const flag = (h: RoundHistory): DriftKind => drift(h).kind;

describe('drift flags that must show', () => {
  it('flags stuck when the median stays within one point for two reviews and nothing on the map moved', () => {
    const h = history(base('2025-01-06', [4, 4, 5]), base('2025-02-03', [5, 5, 5]), base('2025-03-03', [4, 5, 5]));
    expect(drift(h)).toEqual({ kind: 'stuck', medians: [4, 5, 5], since: '2025-01-06' });
  });

  it('flags stuck even when strengths changed, as long as worries and next steps did not', () => {
    const h = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [3], { working: [...S, 'Strength: Leo goes to football'] }),
      base('2025-03-03', [4], { working: ['Strength: Leo goes to football'] }),
    );
    expect(flag(h)).toBe('stuck');
  });

  it('flags optimism when the score rose and the worries and what is working are exactly as before', () => {
    const h = history(base('2025-01-06', [3, 4, 4]), base('2025-02-03', [6, 6, 7]));
    expect(drift(h)).toEqual({ kind: 'optimism', medians: [4, 6], since: '2025-01-06' });
  });

  it('flags optimism when the only new strength is a promise', () => {
    const h = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [6], { working: [...S, 'Dad says he will stop drinking'] }),
    );
    expect(flag(h)).toBe('optimism');
  });

  it('flags optimism when a strength was only reworded', () => {
    const h = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [5], {
        working: ['Strength: mum calls the school whenever worried', 'Safety: nan collects Leo on Fridays'],
      }),
    );
    expect(flag(h)).toBe('optimism');
  });

  it('flags pessimism when the score fell with no new or changed worry', () => {
    const h = history(base('2025-01-06', [6, 6]), base('2025-02-03', [3, 4]));
    expect(drift(h)).toEqual({ kind: 'pessimism', medians: [6, 3.5], since: '2025-01-06' });
  });

  it('flags pessimism when a worry was resolved and the score still fell', () => {
    const h = history(base('2025-01-06', [6]), base('2025-02-03', [4], { worries: [W[1] ?? ''] }));
    expect(flag(h)).toBe('pessimism');
  });

  it('reads the latest step only: optimism after an earlier explained rise', () => {
    const h = history(
      base('2024-12-02', [2]),
      base('2025-01-06', [4], { working: [...S, 'Safety: dad has stayed away when drinking for 6 weeks'] }),
      base('2025-02-03', [7], { working: [...S, 'Safety: dad has stayed away when drinking for 6 weeks'] }),
    );
    expect(flag(h)).toBe('optimism');
  });
});

describe('drift flags that must not show', () => {
  it('shows nothing with one round, or with rounds that have no revealed scores', () => {
    expect(flag(history(base('2025-01-06', [3])))).toBe('none');
    expect(flag(history(base('2025-01-06', [3]), base('2025-02-03', [8], { revealed: false })))).toBe('none');
    expect(flag(history())).toBe('none');
  });

  it('shows nothing when the score is flat between two rounds (one review is not yet stuck)', () => {
    expect(flag(history(base('2025-01-06', [5]), base('2025-02-03', [5])))).toBe('none');
  });

  it('does not flag stuck when the next steps moved, or the median moved more than a point', () => {
    const moved = history(
      base('2025-01-06', [4]),
      base('2025-02-03', [4], { needs: [N[0] ?? '', 'Next step: dad started alcohol support in January'] }),
      base('2025-03-03', [4], { needs: [N[0] ?? '', 'Next step: dad started alcohol support in January'] }),
    );
    expect(flag(moved)).toBe('none');
    const wide = history(base('2025-01-06', [3]), base('2025-02-03', [4]), base('2025-03-03', [5, 5]));
    expect(flag(wide)).not.toBe('stuck');
  });

  it('does not flag stuck when a worry changed during the three rounds', () => {
    const h = history(
      base('2025-01-06', [4]),
      base('2025-02-03', [4], { worries: [...W, 'Complicating: dad lost his job'] }),
      base('2025-03-03', [4], { worries: [...W, 'Complicating: dad lost his job'] }),
    );
    expect(flag(h)).toBe('none');
  });

  it('does not flag optimism when a new strength or safety explains the rise', () => {
    const h = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [6], {
        working: [...S, 'Safety: dad has gone to every alcohol support session since January'],
      }),
    );
    expect(flag(h)).toBe('none');
  });

  it('does not flag optimism when a worry was resolved or changed', () => {
    const resolved = history(base('2025-01-06', [3]), base('2025-02-03', [6], { worries: [W[0] ?? ''] }));
    expect(flag(resolved)).toBe('none');
    const changed = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [6], { worries: [W[0] ?? '', 'Danger: Leo could be hurt if dad drinks at weekends'] }),
    );
    expect(flag(changed)).toBe('none');
  });

  it('does not flag pessimism when a new worry explains the fall', () => {
    const h = history(
      base('2025-01-06', [6]),
      base('2025-02-03', [3], { worries: [...W, 'Harm: Leo missed school for 2 weeks'] }),
    );
    expect(flag(h)).toBe('none');
  });

  it('does not flag pessimism when something that was working went', () => {
    const h = history(base('2025-01-06', [6]), base('2025-02-03', [4], { working: [S[0] ?? ''] }));
    expect(flag(h)).toBe('none');
  });
});

describe('drift building blocks', () => {
  it('reads a rewording by shared words and a new item by new words', () => {
    expect(overlap('Nan visits most weekends', 'Nan visits on most weekends')).toBeGreaterThanOrEqual(
      DEFAULT_RULES.rewordingOverlap,
    );
    expect(overlap('Nan visits most weekends', 'Dad attends every parenting class')).toBeLessThan(
      DEFAULT_RULES.rewordingOverlap,
    );
  });

  it('treats intentions as promises and things already seen as strengths', () => {
    for (const text of [
      'Mum will take the children to the dentist',
      "Dad's going to stop drinking",
      'Mum promised to call',
    ]) {
      expect(DEFAULT_RULES.isPromise(text)).toBe(true);
    }
    for (const text of ['Mum took the children to the dentist', 'Dad has not drunk for 6 weeks', 'Nan visits weekly']) {
      expect(DEFAULT_RULES.isPromise(text)).toBe(false);
    }
  });

  it('lists only genuinely new strengths', () => {
    const h = history(
      base('2025-01-06', [3]),
      base('2025-02-03', [6], { working: [...S, 'Dad will go to the GP', 'Uncle now does the school run'] }),
    );
    const [a, b] = h.rounds;
    if (!a || !b) throw new Error('two rounds expected');
    expect(newStrengths(a, b)).toEqual(['uncle now does the school run']);
  });
});
