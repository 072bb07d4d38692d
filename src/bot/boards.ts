import type { AdaptiveCard } from '../cards';
import { hashId, PREFIX } from '../state/keys';
import { keep, put, readRecord, sweepByAge, updateRecord } from '../state/records';
import type { Store } from '../storage/store';

/** The live board of a chat: which session it shows, and the message that shows it. */
interface BoardRecord {
  board: string;
  messageId: string;
}

/**
 * One live board per conversation. When a board is posted again (`resume`, `summary` in a group)
 * or a different message becomes the board, the message that showed it before is replaced with a
 * one-line pointer, so two copies never disagree. Holds message ids only, never content.
 */
export class Boards {
  constructor(
    private readonly store: Store,
    /** The one-line card an earlier copy of `board` becomes. */
    private readonly pointer: (board: string) => AdaptiveCard,
  ) {}

  /** One live board per conversation and kind of session ("mapping", "supervision"). */
  private key(conversationId: string, board: string): string {
    return `${PREFIX.boards}${hashId(conversationId)}/${board.split(':')[0]}`;
  }

  /**
   * Notes that `messageId` now shows `board`; returns the earlier board message to replace with the
   * pointer card, if there is one.
   */
  async shown(
    conversationId: string,
    board: string,
    messageId: string,
  ): Promise<{ messageId: string; card: AdaptiveCard } | undefined> {
    const before = await updateRecord<BoardRecord, BoardRecord | undefined>(
      this.store,
      this.key(conversationId, board),
      (current) => {
        if (current && current.messageId === messageId && current.board === board) return keep(undefined);
        return put({ board, messageId }, current);
      },
    );
    return before && before.messageId !== messageId
      ? { messageId: before.messageId, card: this.pointer(before.board) }
      : undefined;
  }

  /**
   * The message showing `board` now, if one is recorded: a change made from an older copy goes there,
   * and the older copy points to it again, so the live board never jumps back up the chat.
   */
  async live(conversationId: string, board: string): Promise<{ messageId: string; pointer: AdaptiveCard } | undefined> {
    const current = await readRecord<Partial<BoardRecord>>(this.store, this.key(conversationId, board));
    return current?.board === board && typeof current.messageId === 'string'
      ? { messageId: current.messageId, pointer: this.pointer(board) }
      : undefined;
  }

  /** Forgets boards not touched within the retention period. */
  sweep(now: number, retentionDays: number): Promise<number> {
    return sweepByAge(this.store, PREFIX.boards, now, retentionDays);
  }
}
