import { ContentionError, put, updateRecord } from '../../src/state/records';
import { MemoryStore } from '../../src/storage/memory';
import { StoreConflictError, type StoreItem, type StoreItems } from '../../src/storage/store';

describe('updating a record', () => {
  it('leaves the record exactly as it was when the change throws', async () => {
    const store = new MemoryStore();
    await store.write({ k: { items: ['a'] } });
    const before = (await store.read(['k'])).k;
    await expect(
      updateRecord<{ items: string[] }, void>(store, 'k', () => {
        throw new Error('handler failed half way');
      }),
    ).rejects.toThrow('handler failed half way');
    expect((await store.read(['k'])).k).toEqual(before);
  });

  it('re-applies the change on a conflict, so concurrent writers all land', async () => {
    const store = new MemoryStore();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateRecord<{ items: number[] }, void>(store, 'k', (current) =>
          put({ items: [...(current?.items ?? []), i] }, undefined),
        ),
      ),
    );
    const items = ((await store.read(['k'])).k as { items: number[] }).items;
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('gives up with a ContentionError when every write conflicts, having written nothing', async () => {
    const store = new MemoryStore();
    await store.write({ k: { v: 0 } });
    // A store whose writes always lose the race.
    const hostile = Object.assign(Object.create(store), {
      write: async (_changes: StoreItems) => {
        throw new StoreConflictError('k');
      },
    }) as MemoryStore;
    await expect(
      updateRecord<StoreItem, void>(hostile, 'k', () => put({ v: 1 }, undefined), { attempts: 3, backoffMs: 1 }),
    ).rejects.toBeInstanceOf(ContentionError);
    expect((await store.read(['k'])).k).toMatchObject({ v: 0 });
  });
});
