import { ConversationRateLimiter } from '../../src/teams/rateLimit';

describe('per-conversation send pacing', () => {
  it('keeps every window within Teams limits, and conversations apart', async () => {
    let clock = 0;
    const limiter = new ConversationRateLimiter(
      undefined,
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const sent: number[] = [];
    for (let i = 0; i < 70; i++) {
      await limiter.take('a');
      sent.push(clock);
    }
    for (let i = 7; i < sent.length; i++) expect((sent[i] ?? 0) - (sent[i - 7] ?? 0)).toBeGreaterThanOrEqual(1000);
    for (let i = 8; i < sent.length; i++) expect((sent[i] ?? 0) - (sent[i - 8] ?? 0)).toBeGreaterThanOrEqual(2000);
    for (let i = 60; i < sent.length; i++) expect((sent[i] ?? 0) - (sent[i - 60] ?? 0)).toBeGreaterThanOrEqual(30000);
    const before = clock;
    await limiter.take('b');
    expect(clock).toBe(before);
  });

  it('sends the first seven at once', async () => {
    let clock = 0;
    let slept = 0;
    const limiter = new ConversationRateLimiter(
      undefined,
      () => clock,
      async (ms) => {
        slept += ms;
        clock += ms;
      },
    );
    for (let i = 0; i < 7; i++) await limiter.take('c');
    expect(slept).toBe(0);
  });
});
