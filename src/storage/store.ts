import type { Storage, StoreItem, StoreItems } from 'botbuilder';

export type { Storage, StoreItem, StoreItems };

/** One stored key and when it was last written (epoch ms), for sweeping expired data. */
export interface StoreEntry {
  key: string;
  updatedAt: number;
}

/**
 * botbuilder's `Storage` (read/write/delete with eTag optimistic concurrency) plus the few
 * operations the bot needs that `Storage` lacks: an atomic create for guarding first writes,
 * a listing for retention sweeps, and a close for graceful shutdown.
 */
export interface Store extends Storage {
  /** Writes `item` only if `key` does not exist yet, atomically. Resolves false if it already existed. */
  create(key: string, item: StoreItem): Promise<boolean>;
  /** Lists the keys starting with `prefix`, with their last-write times. */
  list(prefix: string): Promise<StoreEntry[]>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** A write whose eTag no longer matches what is stored: re-read and try again. */
export class StoreConflictError extends Error {
  readonly code = 'ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'StoreConflictError';
  }
}

/**
 * True for an optimistic-concurrency failure from any backend: ours, botbuilder's MemoryStorage
 * and BlobsStorage (which both throw a plain Error with this wording), or a raw HTTP 412.
 */
export function isConflict(err: unknown): boolean {
  if (err instanceof StoreConflictError) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { statusCode?: unknown; message?: unknown; code?: unknown };
  return (
    e.code === 'ETAG_CONFLICT' ||
    e.statusCode === 412 ||
    (typeof e.message === 'string' && e.message.includes('due to eTag conflict'))
  );
}
