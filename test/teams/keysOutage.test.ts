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

describe('requests whose key has not validated here, arriving together', () => {
  it('go one at a time: the others wait for the first outcome, and are refused without a try if it failed', async () => {
    const o = new KeysOutage(30);
    const first = await o.admit('k1');
    expect(first.wait).toBe(0);
    const waiting = [o.admit('k2'), o.admit('k3')];
    let settled = false;
    void Promise.all(waiting).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    o.failed();
    first.done();
    const after = await Promise.all(waiting);
    expect(after.map((a) => a.wait > 0)).toEqual([true, true]);
  });

  it('go ahead once the first validated; a request with the key that validated needs no turn at all', async () => {
    const o = new KeysOutage(30);
    const first = await o.admit('k1');
    const same = o.admit('k1');
    const other = o.admit('k2');
    o.validated('k1');
    first.done();
    expect((await same).wait).toBe(0);
    const next = await other;
    expect(next.wait).toBe(0);
    // k2 is the one being tried now; a request with k1 does not wait behind it.
    expect((await o.admit('k1')).wait).toBe(0);
    next.done();
  });
});
