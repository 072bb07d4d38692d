import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Store, StoreConflictError, type StoreEntry, type StoreItem, type StoreItems } from './store';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/**
 * The default `Store`: one SQLite file in WAL mode. Writes of several keys are one transaction;
 * eTags are random, so a key deleted and created again never matches an old eTag.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly updateIfMatch: Database.Statement<[string, string, number, string, string]>;
  private readonly insertIfAbsent: Database.Statement<[string, string, string, number]>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly listPrefix: Database.Statement<[string, string], { key: string; updated_at: number }>;

  /** Opens (creating if needed) the database at `file`; `:memory:` gives a private in-memory store. */
  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Wait rather than fail when another process (a second dev instance, the sweeper) holds the lock.
    this.db.pragma('busy_timeout = 5000');
    // Deleted content is overwritten with zeros, not left readable in free pages.
    this.db.pragma('secure_delete = ON');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID',
    );
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
    this.deleteOne = this.db.prepare('DELETE FROM state WHERE key = ?');
    this.listPrefix = this.db.prepare('SELECT key, updated_at FROM state WHERE key >= ? AND key < ? ORDER BY key');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as StoreItem;
        const json = JSON.stringify(value);
        const next = newETag();
        if (!eTag || eTag === '*') {
          this.upsert.run(key, json, next, now);
        } else if (this.updateIfMatch.run(json, next, now, key, eTag).changes === 0) {
          // Same rule as botbuilder's MemoryStorage: an eTag only conflicts with an item that exists.
          if (this.selectOne.get(key)) throw new StoreConflictError(key);
          this.upsert.run(key, json, next, now);
        }
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const key of keys) this.deleteOne.run(key);
    })();
  }

  async create(key: string, item: StoreItem): Promise<boolean> {
    const { eTag: _ignored, ...value } = item;
    return this.insertIfAbsent.run(key, JSON.stringify(value), newETag(), Date.now()).changes === 1;
  }

  async list(prefix: string): Promise<StoreEntry[]> {
    return this.listPrefix.all(prefix, `${prefix}\uffff`).map((row) => ({ key: row.key, updatedAt: row.updated_at }));
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

/** A random prefix per open database plus a counter: unique, and never reused after a delete. */
const eTagPrefix = randomBytes(9).toString('base64url');
let eTagCounter = 0;
function newETag(): string {
  eTagCounter += 1;
  return `${eTagPrefix}${eTagCounter.toString(36)}`;
}
