import { KeysOutage } from '../../src/teams/keysOutage';

describe('after a failed signing-key download', () => {
  let now = 1_000_000;
  const outage = () => new KeysOutage(30, () => now);

  it('lets every request try while nothing has failed', () => {
    const o = outage();
    expect([o.refuseFor('k1'), o.refuseFor(undefined)]).toEqual([0, 0]);
  });

  it('refuses requests without a try for the wait it asked for, counting them, then lets one try again', () => {
    const o = outage();
    expect(o.failed()).toBe(0);
    now += 1_000;
    expect(o.refuseFor('unknown')).toBe(29);
    now += 28_500;
    expect(o.refuseFor(undefined)).toBe(1);
    expect(o.refuseFor('other')).toBe(1);
    now += 600;
    expect(o.refuseFor('unknown')).toBe(0);
    // The next failure reports how many the last window answered without a try.
    expect(o.failed()).toBe(3);
    expect(o.failed()).toBe(0);
  });

  it('still lets through tokens signed with a key that has validated a request here (botbuilder holds it)', () => {
    const o = outage();
    o.validated('good');
    o.failed();
    expect(o.refuseFor('good')).toBe(0);
    expect(o.refuseFor('forged')).toBeGreaterThan(0);
  });

  it('remembers only the newest few keys', () => {
    const o = new KeysOutage(30, () => now, 2);
    for (const kid of ['a', 'b', 'c']) o.validated(kid);
    o.failed();
    expect(['a', 'b', 'c'].map((kid) => o.refuseFor(kid) === 0)).toEqual([false, true, true]);
  });
});
