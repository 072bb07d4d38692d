import { MemoryStorage } from 'botbuilder';
import type { Store, StoreEntry, StoreItem, StoreItems } from './store';

/**
 * botbuilder's MemoryStorage with the `Store` extras, for unit tests only: it is per process,
 * so it is never a runtime backend.
 */
export class MemoryStore extends MemoryStorage implements Store {
  private readonly writtenAt = new Map<string, number>();
  private readonly claimed = new Set<string>();

  override async write(changes: StoreItems): Promise<void> {
    await super.write(changes);
    const now = Date.now();
    for (const key of Object.keys(changes)) this.writtenAt.set(key, now);
  }

  override async delete(keys: string[]): Promise<void> {
    await super.delete(keys);
    for (const key of keys) this.writtenAt.delete(key);
  }

  async create(key: string, item: StoreItem): Promise<boolean> {
    // Check and claim synchronously, before any await, so concurrent creators cannot interleave.
    if (this.memory[key] !== undefined || this.claimed.has(key)) return false;
    this.claimed.add(key);
    try {
      const { eTag: _ignored, ...value } = item;
      await this.write({ [key]: value });
      return true;
    } finally {
      this.claimed.delete(key);
    }
  }

  async list(prefix: string): Promise<StoreEntry[]> {
    return [...this.writtenAt.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, updatedAt]) => ({ key, updatedAt }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async close(): Promise<void> {}
}
