import { isConflict, type Store, type StoreItem } from '../storage/store';
import { isExpired } from './lifecycle';

/** What a change decides: keep the record as it is, write a new version, or delete it. */
export type Change<T, R> =
  | { kind: 'keep'; result: R }
  | { kind: 'write'; value: T; result: R }
  | { kind: 'delete'; result: R };

export const keep = <R>(result: R): Change<never, R> => ({ kind: 'keep', result });
export const put = <T, R>(value: T, result: R): Change<T, R> => ({ kind: 'write', value, result });
export const remove = <R>(result: R): Change<never, R> => ({ kind: 'delete', result });

/** Gave up after repeated conflicts: the caller tells the user to try again; nothing was half-written. */
export class ContentionError extends Error {
  readonly code = 'CONTENTION';
  constructor(readonly key: string) {
    super(`Too many concurrent writers for one record`);
    this.name = 'ContentionError';
  }
}

export interface UpdateOptions {
  /** The change removes content: the store must leave no earlier version readable (see Store.write). */
  erase?: boolean;
  attempts?: number;
  /** Base backoff in ms; each retry waits a random time up to base * 2^attempt. */
  backoffMs?: number;
}

/**
 * Read-modify-write of one record with optimistic concurrency. `change` must be pure: on an eTag
 * conflict (or when a first write finds someone else created the record) it runs again on the fresh
 * value, so concurrent writers in a group chat all land. Creation uses the store's atomic create.
 */
export async function updateRecord<T extends object, R>(
  store: Store,
  key: string,
  change: (current: T | undefined) => Change<T, R>,
  options: UpdateOptions = {},
): Promise<R> {
  // Within one process, changes to the same record queue up instead of colliding and retrying;
  // the eTag check below still protects against other instances.
  return serialised(store, key, () => updateNow(store, key, change, options));
}

const queues = new WeakMap<Store, Map<string, Promise<unknown>>>();

function serialised<R>(store: Store, key: string, run: () => Promise<R>): Promise<R> {
  let perStore = queues.get(store);
  if (!perStore) {
    perStore = new Map();
    queues.set(store, perStore);
  }
  const previous = perStore.get(key) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  perStore.set(key, settled);
  void settled.then(() => {
    if (perStore?.get(key) === settled) perStore.delete(key);
  });
  return next;
}

async function updateNow<T extends object, R>(
  store: Store,
  key: string,
  change: (current: T | undefined) => Change<T, R>,
  options: UpdateOptions,
): Promise<R> {
  const attempts = options.attempts ?? 12;
  const backoff = options.backoffMs ?? 4;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const stored = (await store.read([key]))[key] as (T & StoreItem) | undefined;
    const { eTag, ...current } = stored ?? ({} as StoreItem);
    const decision = change(stored ? (current as T) : undefined);
    try {
      if (decision.kind === 'keep') return decision.result;
      if (decision.kind === 'delete') {
        if (stored) await store.delete([key]);
        return decision.result;
      }
      if (!stored) {
        if (await store.create(key, decision.value as StoreItem)) return decision.result;
      } else {
        await store.write({ [key]: { ...(decision.value as StoreItem), eTag } }, { erase: options.erase });
        return decision.result;
      }
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    await sleep(Math.random() * backoff * 2 ** Math.min(attempt, 6));
  }
  throw new ContentionError(key);
}

/** Reads one record, without its eTag. */
export async function readRecord<T>(store: Store, key: string): Promise<T | undefined> {
  const item = (await store.read([key]))[key];
  if (!item) return undefined;
  const { eTag: _eTag, ...value } = item;
  return value as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deletes records under `prefix` not written for longer than the retention period (small bookkeeping records). */
export async function sweepByAge(store: Store, prefix: string, now: number, retentionDays: number): Promise<number> {
  let removed = 0;
  for (const entry of await store.list(prefix)) {
    if (isExpired({ updatedAt: entry.updatedAt }, now, retentionDays)) {
      await store.delete([entry.key]);
      removed++;
    }
  }
  return removed;
}
