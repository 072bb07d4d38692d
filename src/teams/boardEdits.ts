import type { ConversationRateLimiter } from './rateLimit';

/** One pending edit of a shared message: carried out with the card it was given last. */
type Edit = () => Promise<void>;

/**
 * In-place edits of shared cards (the group's board) that Teams' send limits would hold back. While a
 * conversation's edits wait for the rate limiter, a newer card for the same message replaces the one
 * waiting, so a burst of 30 people editing sends only as many edits as the limits allow, and the last
 * one carries the latest board. Nobody's invoke answer waits for it. In memory, per instance.
 */
export class BoardEdits {
  /** Per conversation: message id -> the latest edit not yet sent (insertion order = oldest first). */
  private readonly pending = new Map<string, Map<string, Edit>>();
  /** Per conversation: the worker sending its edits, while it runs. */
  private readonly workers = new Map<string, Promise<void>>();

  constructor(
    private readonly limiter: ConversationRateLimiter,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True while the conversation has edits waiting or being sent: a new edit must queue behind them. */
  busy(conversationId: string): boolean {
    return this.workers.has(conversationId);
  }

  /** Queues `edit` for message `messageId`, replacing any edit of that message still waiting. */
  schedule(conversationId: string, messageId: string, edit: Edit): void {
    let edits = this.pending.get(conversationId);
    if (!edits) {
      edits = new Map();
      this.pending.set(conversationId, edits);
    }
    edits.delete(messageId);
    edits.set(messageId, edit);
    if (!this.workers.has(conversationId)) {
      const worker = this.work(conversationId).finally(() => this.workers.delete(conversationId));
      this.workers.set(conversationId, worker);
    }
  }

  /** Resolves when every queued edit has been sent (or `timeoutMs` has passed). */
  async drain(timeoutMs: number): Promise<void> {
    const all = Promise.all([...this.workers.values()]);
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private async work(conversationId: string): Promise<void> {
    for (;;) {
      const edits = this.pending.get(conversationId);
      if (!edits || edits.size === 0) {
        this.pending.delete(conversationId);
        return;
      }
      await this.limiter.take(conversationId);
      const [messageId, edit] = edits.entries().next().value as [string, Edit];
      edits.delete(messageId);
      try {
        await edit();
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
