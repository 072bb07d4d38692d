import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { randomPooled } from '../random';
import {
  type CreateEntry,
  type CreateOptions,
  isConflict,
  type MarkSet,
  type Store,
  type StoreEntry,
  type StoreItem,
  type StoreItems,
  type WriteOptions,
} from './store';

/** A data key that cannot open what is stored, or is missing or malformed: start-up stops. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** One AES-256 key and its short id (stored beside each record, so rotation knows which key to use). */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** Reads a 32-byte key written as base64 (44 characters) or hex (64 characters). */
export function parseDataKey(value: string, name = 'DATA_KEY'): DataKey {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new DataKeyError(`${name} must be 32 random bytes written as base64 (44 characters) or hex (64 characters)`);
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/** A fresh random key, base64, for key files and documentation. */
export function newDataKey(): string {
  return randomBytes(32).toString('base64');
}

interface Sealed {
  /** Format version. */
  v: 1;
  /** Which key sealed it. */
  k: string;
  iv: string;
  tag: string;
  ct: string;
}

const CHECK_KEY = 'meta/key-check';
const CHECK_TEXT = 'sofs-companion key check';

/**
 * Encrypts every record's content with AES-256-GCM before it reaches the backend; keys and eTags stay
 * readable so concurrency and retention still work. The record's key is bound in as associated data,
 * so a ciphertext copied to another key will not open. Old keys (DATA_KEY_PREVIOUS) still decrypt;
 * every write uses the current key, so data moves to it as it is used (or all at once by rotateAll).
 */
export class EncryptedStore implements Store {
  private readonly keys: Map<string, Buffer>;
  /** Present when the backend has it (SQLite): several creates in one transaction. */
  readonly createMany?: (entries: readonly CreateEntry[], options?: CreateOptions) => Promise<boolean[]>;
  /** The backend's marks, as they are: they hold hashed ids and times, no content. */
  readonly marks?: MarkSet;

  constructor(
    private readonly inner: Store,
    private readonly current: DataKey,
    previous: DataKey[] = [],
    /** Key prefixes of bookkeeping records that hold no content (duplicate-delivery ids): stored as they are. */
    private readonly plainPrefixes: string[] = [],
  ) {
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
    this.marks = inner.marks;
    const batch = inner.createMany?.bind(inner);
    if (batch)
      this.createMany = (entries, options) =>
        batch(
          entries.map(([key, item]) => [key, this.sealedForCreate(key, item)] as const),
          options,
        );
  }

  private isPlain(key: string): boolean {
    return this.plainPrefixes.some((p) => key.startsWith(p));
  }

  /**
   * Proves the key opens existing data, writing a check record on first use. A wrong key stops
   * start-up with a clear message rather than failing on every read later.
   */
  async verifyKey(): Promise<void> {
    const stored = (await this.inner.read([CHECK_KEY]))[CHECK_KEY] as (StoreItem & { sealed?: Sealed }) | undefined;
    if (!stored?.sealed) {
      const anything = (await this.inner.list('')).some((e) => e.key !== CHECK_KEY && !this.isPlain(e.key));
      if (anything)
        throw new DataKeyError(
          'Stored data exists but has no key check record: refusing to guess whether DATA_KEY is right',
        );
      await this.inner.create(CHECK_KEY, { sealed: this.seal(CHECK_KEY, { check: CHECK_TEXT }) });
      return;
    }
    let opened: Record<string, unknown> | undefined;
    try {
      opened = this.open(CHECK_KEY, stored.sealed);
    } catch {
      opened = undefined;
    }
    if (opened?.check !== CHECK_TEXT) {
      throw new DataKeyError(
        'DATA_KEY cannot decrypt the stored data. Use the key it was written with (or set the old one as DATA_KEY_PREVIOUS while rotating).',
      );
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    const raw = await this.inner.read(keys);
    const out: StoreItems = {};
    for (const [key, item] of Object.entries(raw)) {
      if (this.isPlain(key)) {
        out[key] = item;
        continue;
      }
      const sealed = (item as { sealed?: Sealed }).sealed;
      if (!sealed) throw new DataKeyError(`Record ${key} is not encrypted`);
      out[key] = { ...this.open(key, sealed), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: StoreItems, options?: WriteOptions): Promise<void> {
    const sealed: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      if (this.isPlain(key)) {
        sealed[key] = item;
        continue;
      }
      const { eTag, ...value } = (item ?? {}) as StoreItem;
      sealed[key] = { sealed: this.seal(key, value), ...(eTag ? { eTag } : {}) };
    }
    await this.inner.write(sealed, options);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  create(key: string, item: StoreItem, options?: CreateOptions): Promise<boolean> {
    return this.inner.create(key, this.sealedForCreate(key, item), options);
  }

  private sealedForCreate(key: string, item: StoreItem): StoreItem {
    if (this.isPlain(key)) return item;
    const { eTag: _ignored, ...value } = item;
    return { sealed: this.seal(key, value) };
  }

  async list(prefix: string): Promise<StoreEntry[]> {
    return (await this.inner.list(prefix)).filter((e) => e.key !== CHECK_KEY);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Re-encrypts every record under `prefix` with the current key (after a rotation); returns the count. */
  async rotateAll(prefix = ''): Promise<number> {
    let count = 0;
    for (const entry of await this.inner.list(prefix)) {
      for (;;) {
        const stored = (await this.inner.read([entry.key]))[entry.key] as (StoreItem & { sealed?: Sealed }) | undefined;
        if (this.isPlain(entry.key) || !stored?.sealed || stored.sealed.k === this.current.id) break;
        try {
          await this.inner.write({
            [entry.key]: { sealed: this.seal(entry.key, this.open(entry.key, stored.sealed)), eTag: stored.eTag },
          });
          count++;
          break;
        } catch (err) {
          // Someone changed it meanwhile (and so re-encrypted it with the current key): look again.
          if (!isConflict(err)) throw err;
        }
      }
    }
    return count;
  }

  private seal(key: string, value: Record<string, unknown>): Sealed {
    // A fresh random 96-bit nonce for every encryption (GCM must never reuse one under a key).
    const iv = randomPooled(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(key, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      v: 1,
      k: this.current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  private open(key: string, sealed: Sealed): Record<string, unknown> {
    const secret = this.keys.get(sealed.k);
    if (!secret) throw new DataKeyError(`Record ${key} was written with key ${sealed.k}, which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(key, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }
}
