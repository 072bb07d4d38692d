/**
 * Teams' documented per-bot, per-conversation send limits. Sends over them get HTTP 429, so the bot
 * waits its turn instead of being throttled.
 */
export const TEAMS_RATE_LIMITS: { max: number; windowMs: number }[] = [
  { max: 7, windowMs: 1_000 },
  { max: 8, windowMs: 2_000 },
  { max: 60, windowMs: 30_000 },
  { max: 1_800, windowMs: 3_600_000 },
];

/** Extra wait so a send still counts as inside the limit after network jitter on Teams' side. */
const SAFETY_MARGIN_MS = 200;

/**
 * Spaces out sends per conversation so no window above is ever exceeded. In memory, per instance:
 * with several instances each keeps its own count, and botbuilder's retry on 429 covers the rest.
 */
export class ConversationRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limits = TEAMS_RATE_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when one more send to `conversationId` stays within every limit, and records it. */
  take(conversationId: string): Promise<void> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(() => this.waitAndRecord(conversationId));
    this.queues.set(conversationId, turn);
    void turn.finally(() => {
      if (this.queues.get(conversationId) === turn) this.queues.delete(conversationId);
    });
    return turn;
  }

  /**
   * Records a send and returns true only when one may go now: nothing is queued for the conversation
   * and every limit has room. Never waits.
   */
  tryTake(conversationId: string): boolean {
    if (this.queues.has(conversationId)) return false;
    return this.recordIfFree(conversationId) <= 0;
  }

  private async waitAndRecord(conversationId: string): Promise<void> {
    for (;;) {
      const wait = this.recordIfFree(conversationId);
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  /** Records a send now and returns 0 when every limit has room; otherwise how long to wait (ms). */
  private recordIfFree(conversationId: string): number {
    const now = this.now();
    const longest = Math.max(...this.limits.map((l) => l.windowMs));
    const times = (this.sent.get(conversationId) ?? []).filter((t) => t > now - longest);
    let wait = 0;
    for (const limit of this.limits) {
      const inWindow = times.filter((t) => t > now - limit.windowMs);
      if (inWindow.length >= limit.max) {
        wait = Math.max(
          wait,
          (inWindow[inWindow.length - limit.max] as number) + limit.windowMs - now + SAFETY_MARGIN_MS,
        );
      }
    }
    if (wait > 0) return wait;
    times.push(now);
    this.sent.set(conversationId, times);
    this.forgetIdle(now, longest);
    return 0;
  }

  private forgetIdle(now: number, longest: number): void {
    if (this.sent.size < 10_000) return;
    for (const [id, times] of this.sent) if ((times.at(-1) ?? 0) < now - longest) this.sent.delete(id);
  }
}
