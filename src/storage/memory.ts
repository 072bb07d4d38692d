import {
  type CreateEntry,
  type CreateOptions,
  type Store,
  StoreConflictError,
  type StoreEntry,
  type StoreItem,
  type StoreItems,
} from './store';

interface Held {
  json: string;
  eTag: string;
  updatedAt: number;
}

/**
 * An in-memory `Store` with the same eTag rules as every other backend (the conformance suite checks
 * it against the Bot Framework SDK's memory storage), for unit tests only: it is per process, so it is never a
 * runtime backend. Values are copied in and out as JSON, as a real backend would.
 */
export class MemoryStore implements Store {
  private readonly items = new Map<string, Held>();
  private counter = 0;

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const held = this.items.get(key);
      if (held) out[key] = { ...JSON.parse(held.json), eTag: held.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    // Check every eTag first, so a conflict leaves the whole write undone.
    for (const [key, item] of Object.entries(changes)) {
      const held = this.items.get(key);
      if (held && item.eTag && item.eTag !== '*' && item.eTag !== held.eTag) throw new StoreConflictError(key);
    }
    for (const [key, item] of Object.entries(changes)) this.put(key, item);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async create(key: string, item: StoreItem): Promise<boolean> {
    if (this.items.has(key)) return false;
    this.put(key, item);
    return true;
  }

  async createMany(entries: readonly CreateEntry[], _options?: CreateOptions): Promise<boolean[]> {
    return entries.map(([key, item]) => {
      if (this.items.has(key)) return false;
      this.put(key, item);
      return true;
    });
  }

  async list(prefix: string): Promise<StoreEntry[]> {
    return [...this.items.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, held]) => ({ key, updatedAt: held.updatedAt }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async close(): Promise<void> {}

  private put(key: string, item: StoreItem): void {
    const { eTag: _ignored, ...value } = item;
    this.counter += 1;
    this.items.set(key, { json: JSON.stringify(value), eTag: String(this.counter), updatedAt: Date.now() });
  }
}
