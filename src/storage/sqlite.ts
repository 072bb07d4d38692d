import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  type CreateEntry,
  type CreateOptions,
  type MarkSet,
  type Store,
  StoreBusyError,
  StoreConflictError,
  type StoreEntry,
  type StoreItem,
  type StoreItems,
  type WriteOptions,
} from './store';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/** How long SQLite itself waits for a lock, blocking the event loop: kept tiny on purpose. */
const LOCK_WAIT_MS = 5;
/** How long an operation keeps retrying a locked database, asynchronously, before giving up. */
const BUSY_GIVE_UP_MS = 2_000;
/** After an ordinary write, the write-ahead log is folded back and emptied within this long. */
const PURGE_DELAY_MS = 1_000;

export interface SqliteOptions {
  /** Total time to keep retrying a locked database (tests shorten it). */
  busyGiveUpMs?: number;
}

/**
 * The default `Store`: one SQLite file in WAL mode. Writes of several keys are one transaction;
 * eTags are random, so a key deleted and created again never matches an old eTag.
 *
 * Erasure: `secure_delete` zeroes freed space in the database file, and the write-ahead log (which
 * holds earlier versions of pages) is checkpointed and truncated at once after a delete or an
 * erasing write, and within a second after any other write, so deleted or replaced content does
 * not stay readable on disk while the bot runs.
 *
 * Locks: another process (a backup, an admin tool) may hold the write lock. SQLite's own wait would
 * block the event loop, so it waits only a few milliseconds; the operation is retried
 * asynchronously and, if the lock is still held after a while, fails with StoreBusyError, which the
 * features turn into "try again in a moment" without losing what was typed.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly updateIfMatch: Database.Statement<[string, string, number, string, string]>;
  private readonly insertIfAbsent: Database.Statement<[string, string, string, number]>;
  private readonly insertAllIfAbsent: (rows: readonly (readonly [string, string])[]) => boolean[];
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly addMarks: (keys: readonly string[]) => boolean[];
  private readonly sweepMarks: Database.Statement<[number]>;
  private readonly listPrefix: Database.Statement<[string, string], { key: string; updated_at: number }>;
  private readonly busyGiveUpMs: number;
  private purgeTimer?: NodeJS.Timeout;
  private purgeWanted = false;

  /** Opens (creating if needed) the database at `file`; `:memory:` gives a private in-memory store. */
  constructor(
    readonly file: string,
    options: SqliteOptions = {},
  ) {
    this.busyGiveUpMs = options.busyGiveUpMs ?? BUSY_GIVE_UP_MS;
    if (file !== ':memory:') prepareOwnerOnly(file);
    this.db = new Database(file, { timeout: LOCK_WAIT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Deleted content is overwritten with zeros, not left readable in free pages.
    this.db.pragma('secure_delete = ON');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID',
    );
    // Marks (duplicate-delivery ids) have a table of their own: a random key's insert dirties one page,
    // and in `state` a mark's row (with its value, eTag and prefix) was four times the size.
    this.db.exec('CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID');
    if (file !== ':memory:')
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    this.selectOne = this.db.prepare('SELECT key, value, etag FROM state WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO state (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at',
    );
    this.updateIfMatch = this.db.prepare(
      'UPDATE state SET value = ?, etag = ?, updated_at = ? WHERE key = ? AND etag = ?',
    );
    this.insertIfAbsent = this.db.prepare(
      'INSERT INTO state (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
    );
    // One transaction for the lot: each row's own change count says whether it was the first.
    this.insertAllIfAbsent = this.db.transaction((rows: readonly (readonly [string, string])[]) => {
      const now = Date.now();
      return rows.map(([key, json]) => this.insertIfAbsent.run(key, json, newETag(), now).changes === 1);
    });
    this.deleteOne = this.db.prepare('DELETE FROM state WHERE key = ?');
    const insertMark = this.db.prepare<[string, number]>(
      'INSERT INTO marks (key, at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING',
    );
    this.addMarks = this.db.transaction((keys: readonly string[]) => {
      const now = Date.now();
      return keys.map((key) => insertMark.run(key, now).changes === 1);
    });
    this.sweepMarks = this.db.prepare('DELETE FROM marks WHERE at < ?');
    this.listPrefix = this.db.prepare('SELECT key, updated_at FROM state WHERE key >= ? AND key < ? ORDER BY key');
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.retrying(() => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = this.selectOne.get(key);
        if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
      }
      return items;
    });
  }

  async write(changes: StoreItems, options: WriteOptions = {}): Promise<void> {
    await this.retrying(() => {
      const now = Date.now();
      this.db.transaction(() => {
        for (const [key, item] of Object.entries(changes)) {
          const { eTag, ...value } = (item ?? {}) as StoreItem;
          const json = JSON.stringify(value);
          const next = newETag();
          if (!eTag || eTag === '*') {
            this.upsert.run(key, json, next, now);
          } else if (this.updateIfMatch.run(json, next, now, key, eTag).changes === 0) {
            // The reference rule (see the conformance suite): an eTag only conflicts with an item that exists.
            if (this.selectOne.get(key)) throw new StoreConflictError(key);
            this.upsert.run(key, json, next, now);
          }
        }
      })();
    });
    if (options.erase) await this.purgeNow();
    else this.purgeSoon();
  }

  async delete(keys: string[]): Promise<void> {
    await this.retrying(() => {
      this.db.transaction(() => {
        for (const key of keys) this.deleteOne.run(key);
      })();
    });
    await this.purgeNow();
  }

  async create(key: string, item: StoreItem, options: CreateOptions = {}): Promise<boolean> {
    const { eTag: _ignored, ...value } = item;
    const json = JSON.stringify(value);
    return this.retrying(
      () => this.insertIfAbsent.run(key, json, newETag(), Date.now()).changes === 1,
      options.maxWaitMs,
    );
  }

  createMany(entries: readonly CreateEntry[], options: CreateOptions = {}): Promise<boolean[]> {
    const rows = entries.map(([key, item]): [string, string] => {
      const { eTag: _ignored, ...value } = item;
      return [key, JSON.stringify(value)];
    });
    return this.retrying(() => this.insertAllIfAbsent(rows), options.maxWaitMs);
  }

  readonly marks: MarkSet = {
    addNew: (keys, options = {}) => this.retrying(() => this.addMarks(keys), options.maxWaitMs),
    sweep: async (before) => {
      const removed = await this.retrying(() => this.sweepMarks.run(before).changes);
      if (removed > 0) this.purgeSoon();
      return removed;
    },
  };

  list(prefix: string): Promise<StoreEntry[]> {
    return this.retrying(() =>
      this.listPrefix.all(prefix, `${prefix}\uffff`).map((row) => ({ key: row.key, updatedAt: row.updated_at })),
    );
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    if (this.db.open) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Another process holds the database; SQLite folds the log back on a later open.
      }
      this.db.close();
    }
  }

  /**
   * Folds the write-ahead log back into the database and truncates it to zero bytes, so no earlier
   * version of a page is left in it. Another process reading the database can hold it up; then it
   * is tried again shortly, in the background.
   */
  private async purgeNow(): Promise<void> {
    this.purgeWanted = true;
    const deadline = Date.now() + this.busyGiveUpMs;
    while (this.db.open) {
      let busy = 1;
      try {
        busy = (this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy ?? 1;
      } catch (err) {
        if (!isLocked(err)) throw err;
      }
      if (busy === 0) {
        this.purgeWanted = false;
        return;
      }
      if (Date.now() > deadline) break;
      await sleep(25);
    }
    this.purgeSoon();
  }

  private purgeSoon(): void {
    this.purgeWanted = true;
    if (this.purgeTimer || !this.db.open) return;
    this.purgeTimer = setTimeout(() => {
      this.purgeTimer = undefined;
      if (this.purgeWanted) void this.purgeNow().catch(() => this.purgeSoon());
    }, PURGE_DELAY_MS);
    this.purgeTimer.unref();
  }

  /** Runs a synchronous database operation, retrying it asynchronously while another process holds a lock. */
  private async retrying<R>(operation: () => R, maxWaitMs = this.busyGiveUpMs): Promise<R> {
    const deadline = Date.now() + Math.min(maxWaitMs, this.busyGiveUpMs);
    for (let attempt = 0; ; attempt++) {
      try {
        return operation();
      } catch (err) {
        if (!isLocked(err)) throw err;
        if (Date.now() >= deadline) throw new StoreBusyError();
        await sleep(Math.min(200, 10 * 2 ** attempt));
      }
    }
  }
}

function isLocked(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Creates the folder (owner only) and an empty owner-only file, so the database is never world-readable. */
function prepareOwnerOnly(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A random prefix per open database plus a counter: unique, and never reused after a delete. */
const eTagPrefix = randomBytes(9).toString('base64url');
let eTagCounter = 0;
function newETag(): string {
  eTagCounter += 1;
  return `${eTagPrefix}${eTagCounter.toString(36)}`;
}
