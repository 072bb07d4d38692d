import { BoardEdits } from '../../src/teams/boardEdits';
import { ConversationRateLimiter } from '../../src/teams/rateLimit';

/** Pacing with a clock the test moves: sleeping waits until the test advances time. */
function manualLimiter() {
  let clock = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const limiter = new ConversationRateLimiter(
    undefined,
    () => clock,
    (ms) => new Promise<void>((wake) => sleepers.push({ until: clock + ms, wake })),
  );
  const advance = async (ms: number) => {
    clock += ms;
    for (const s of sleepers.splice(0)) {
      if (s.until <= clock) s.wake();
      else sleepers.push(s);
    }
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { limiter, advance };
}

describe('shared-card edits held back by pacing', () => {
  it('tryTake gives the first seven sends at once and then refuses without waiting', () => {
    const { limiter } = manualLimiter();
    const taken = Array.from({ length: 9 }, () => limiter.tryTake('a'));
    expect(taken).toEqual([true, true, true, true, true, true, true, false, false]);
    expect(limiter.tryTake('b')).toBe(true);
  });

  it('sends only the latest card of each message once the limits allow, in order of first waiting', async () => {
    const { limiter, advance } = manualLimiter();
    for (let i = 0; i < 7; i++) limiter.tryTake('g');
    const sent: string[] = [];
    const edits = new BoardEdits(limiter, () => undefined);
    for (let n = 1; n <= 30; n++) edits.schedule('g', 'board', async () => void sent.push(`board v${n}`));
    edits.schedule('g', 'other', async () => void sent.push('other v1'));
    expect(edits.busy('g')).toBe(true);
    await advance(100);
    expect(sent).toEqual([]);
    await advance(1_200);
    expect(sent).toEqual(['board v30']);
    // A newer card for the board while "other" waits goes after it.
    edits.schedule('g', 'board', async () => void sent.push('board v31'));
    await advance(2_500);
    await advance(2_500);
    expect(sent).toEqual(['board v30', 'other v1', 'board v31']);
    await advance(2_500);
    expect(edits.busy('g')).toBe(false);
  });

  it('keeps going after an edit fails, reporting the failure', async () => {
    const { limiter, advance } = manualLimiter();
    const failures: unknown[] = [];
    const sent: string[] = [];
    const edits = new BoardEdits(limiter, (err) => failures.push(err));
    edits.schedule('h', 'a', async () => {
      throw new Error('refused');
    });
    edits.schedule('h', 'b', async () => void sent.push('b'));
    await advance(0);
    expect(failures).toHaveLength(1);
    expect(sent).toEqual(['b']);
  });
});
