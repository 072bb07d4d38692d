/** One stored value: any JSON object, with the eTag it was read at (optimistic concurrency). */
export interface StoreItem {
  eTag?: string;
  // biome-ignore lint/suspicious/noExplicitAny: stored values are arbitrary JSON, typed by their readers
  [key: string]: any;
}

/** Values by key. */
export type StoreItems = Record<string, StoreItem>;

export interface CreateOptions {
  /** Longest wait for a locked backend before failing with StoreBusyError (bookkeeping that must not hold a turn up). */
  maxWaitMs?: number;
}

/** One key and the item `createMany` is to write there if the key does not exist yet. */
export type CreateEntry = readonly [key: string, item: StoreItem];

export interface WriteOptions {
  /**
   * The write removes content (someone's contributions, "forget me"): the backend must leave no
   * earlier version of it readable, at once, not just eventually.
   */
  erase?: boolean;
}

/**
 * A set of bare keys with the time each was added (duplicate-delivery ids), kept apart from items
 * where the backend can store them densely: no value, no eTag, a short key.
 */
export interface MarkSet {
  /** Adds each key not yet present, atomically for the lot: resolves, per key and in order, true if it was added (a key given twice is added by its first). */
  addNew(keys: readonly string[], options?: CreateOptions): Promise<boolean[]>;
  /** Removes the keys added before `before` (epoch ms); resolves how many. */
  sweep(before: number): Promise<number>;
}

/** One stored key and when it was last written (epoch ms), for sweeping expired data. */
export interface StoreEntry {
  key: string;
  updatedAt: number;
}

/**
 * The bot's storage, owned by the project: read/write/delete with eTag optimistic concurrency (the
 * same contract as the Bot Framework's storage, checked by the conformance suite), plus an atomic create for guarding
 * first writes, a listing for retention sweeps, and a close for graceful shutdown.
 */
export interface Store {
  /** The stored items among `keys`, each with its current eTag; missing keys are absent. */
  read(keys: string[]): Promise<StoreItems>;
  /** Writes each item; an item carrying an eTag other than '*' must match what is stored or the write fails with a conflict. */
  write(changes: StoreItems, options?: WriteOptions): Promise<void>;
  /** Deletes the keys (missing ones are ignored); deleted content must not stay readable. */
  delete(keys: string[]): Promise<void>;
  /** Writes `item` only if `key` does not exist yet, atomically. Resolves false if it already existed. */
  create(key: string, item: StoreItem, options?: CreateOptions): Promise<boolean>;
  /**
   * Several creates at once, where the backend can make them one atomic step (SQLite: one
   * transaction): resolves, per entry and in order, what `create` would have (a key given twice is
   * created by its first entry only); fails as a whole, with nothing written, when it fails.
   * Backends without a cheap batch (Blob) leave it out; callers then use `create`.
   */
  createMany?(entries: readonly CreateEntry[], options?: CreateOptions): Promise<boolean[]>;
  /** A dense set of bare keys, where the backend has one (SQLite); callers without it use `create`. */
  readonly marks?: MarkSet;
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

/** True for an optimistic-concurrency failure: every backend reports one as StoreConflictError. */
export function isConflict(err: unknown): boolean {
  return err instanceof StoreConflictError || (err as { code?: unknown } | undefined)?.code === 'ETAG_CONFLICT';
}

/**
 * The database is locked by another process (a backup, an admin tool) for longer than the bot will
 * wait: nothing was written; the user is asked to try again in a moment.
 */
export class StoreBusyError extends Error {
  readonly code = 'STORE_BUSY';
  constructor() {
    super('Storage is busy');
    this.name = 'StoreBusyError';
  }
}

/** True when a failure means "try again in a moment": the store was locked or too contended. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'STORE_BUSY' || code === 'CONTENTION';
}
