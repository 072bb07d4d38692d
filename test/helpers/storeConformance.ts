import type { Storage } from 'botbuilder';
import { isConflict, type MarkSet, type Store } from '../../src/storage/store';

/** Our backends report StoreConflictError; botbuilder's MemoryStorage (the reference) a plain Error with this text. */
const conflicted = (err: unknown) =>
  isConflict(err) || (err instanceof Error && err.message.includes('due to eTag conflict'));

/**
 * The Storage contract the bot relies on, written once and run against every backend:
 * botbuilder's MemoryStorage is the reference; SQLite, the encrypted wrapper and Azure Blob must match it.
 */
export function describeStorageContract(
  name: string,
  open: () => Promise<Storage>,
  close?: (s: Storage) => Promise<void>,
): void {
  describe(`${name}: botbuilder Storage contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await close?.(storage);
    });

    it('reads nothing for keys that were never written', async () => {
      expect(await storage.read(['never-written', 'also/missing'])).toEqual({});
    });

    it('returns what was written, with an eTag', async () => {
      await storage.write({ 'conv/a': { label: 'Case 4', items: [{ text: 'résumé ✓ 子' }], n: 3 } });
      const read = await storage.read(['conv/a']);
      expect(read['conv/a']).toMatchObject({ label: 'Case 4', items: [{ text: 'résumé ✓ 子' }], n: 3 });
      expect(typeof read['conv/a']?.eTag).toBe('string');
      expect(read['conv/a']?.eTag).not.toBe('');
    });

    it('reads and writes several keys at once', async () => {
      await storage.write({ k1: { v: 1 }, k2: { v: 2 }, 'odd:key@19:abc/thread.v2': { v: 3 } });
      const read = await storage.read(['k1', 'k2', 'odd:key@19:abc/thread.v2', 'k4']);
      expect(Object.keys(read).sort()).toEqual(['k1', 'k2', 'odd:key@19:abc/thread.v2']);
      expect(read['odd:key@19:abc/thread.v2']).toMatchObject({ v: 3 });
    });

    it('accepts a write carrying the current eTag and issues a new one', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      const second = (await storage.read(['k'])).k;
      expect(second).toMatchObject({ v: 2 });
      expect(second?.eTag).not.toBe(first?.eTag);
    });

    it('rejects a write carrying a stale eTag and keeps the newer value', async () => {
      await storage.write({ k: { v: 1 } });
      const stale = (await storage.read(['k'])).k;
      await storage.write({ k: { ...stale, v: 2 } });
      const error = await storage.write({ k: { ...stale, v: 3 } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(conflicted(error)).toBe(true);
      expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
    });

    it("overwrites whatever is there when the eTag is '*'", async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 9, eTag: '*' } });
      expect((await storage.read(['k'])).k).toMatchObject({ v: 9 });
    });

    it('treats a write with no eTag as last-writer-wins', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2 } });
      expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
    });

    it('lets exactly one of two writers holding the same eTag win', async () => {
      await storage.write({ k: { v: 0 } });
      const seen = (await storage.read(['k'])).k;
      const results = await Promise.allSettled([
        storage.write({ k: { ...seen, v: 'a' } }),
        storage.write({ k: { ...seen, v: 'b' } }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(conflicted(rejected.reason)).toBe(true);
    });

    it('deletes keys, and deleting a missing key is harmless', async () => {
      await storage.write({ k: { v: 1 }, keep: { v: 2 } });
      await storage.delete(['k', 'not-there']);
      expect(await storage.read(['k', 'keep'])).toEqual({ keep: expect.objectContaining({ v: 2 }) });
    });

    it('round-trips a large item', async () => {
      const big = 'x'.repeat(200_000);
      await storage.write({ big: { big } });
      expect((await storage.read(['big'])).big?.big).toHaveLength(200_000);
    });
  });
}

/** The extras the bot needs beyond Storage: atomic create, listing for sweeps. */
export function describeStoreExtras(name: string, open: () => Promise<Store>): void {
  describe(`${name}: Store extras`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a new key once, and refuses to overwrite it', async () => {
      expect(await store.create('session/x', { owner: 'first' })).toBe(true);
      expect(await store.create('session/x', { owner: 'second' })).toBe(false);
      expect((await store.read(['session/x']))['session/x']).toMatchObject({ owner: 'first' });
    });

    it('lets exactly one of many simultaneous creators win', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create('session/race', { i })));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('gives a created item an eTag that a later write can use', async () => {
      await store.create('c', { v: 1 });
      const item = (await store.read(['c'])).c;
      await store.write({ c: { ...item, v: 2 } });
      expect((await store.read(['c'])).c).toMatchObject({ v: 2 });
    });

    it('lists keys under a prefix with their last-write times', async () => {
      const before = Date.now();
      await store.write({
        'session/a': { v: 1 },
        'session/b': { v: 2 },
        'sessions-other': { v: 3 },
        'user/a': { v: 4 },
      });
      const listed = await store.list('session/');
      expect(listed.map((e) => e.key)).toEqual(['session/a', 'session/b']);
      for (const entry of listed) {
        expect(entry.updatedAt).toBeGreaterThanOrEqual(before - 5_000);
        expect(entry.updatedAt).toBeLessThanOrEqual(Date.now() + 5_000);
      }
    });

    it('forgets deleted keys in its listing', async () => {
      await store.write({ 'session/a': { v: 1 } });
      await store.delete(['session/a']);
      expect(await store.list('session/')).toEqual([]);
    });
  });
}

/** For a backend with `createMany` (SQLite, and the encryption wrapper over it): the batch keeps create's rules. */
export function describeCreateMany(name: string, open: () => Promise<Store>): void {
  describe(`${name}: createMany`, () => {
    let store: Store;
    let createMany: Required<Store>['createMany'];
    beforeEach(async () => {
      const opened = await open();
      store = opened;
      if (!opened.createMany) throw new Error(`${name} has no createMany`);
      createMany = opened.createMany.bind(opened);
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates several keys at once, each once: a key given twice in one batch is won by its first entry', async () => {
      await store.create('dedupe/old', { seen: true });
      const created = await createMany([
        ['dedupe/a', { seen: true }],
        ['dedupe/old', { seen: true }],
        ['dedupe/b', { n: 1 }],
        ['dedupe/b', { n: 2 }],
      ]);
      expect(created).toEqual([true, false, true, false]);
      expect((await store.read(['dedupe/b']))['dedupe/b']).toMatchObject({ n: 1 });
      expect((await store.list('dedupe/')).map((e) => e.key)).toEqual(['dedupe/a', 'dedupe/b', 'dedupe/old']);
    });
  });
}

/** For a backend with `marks` (SQLite, and the encryption wrapper over it): bare keys added once, swept by age. */
export function describeMarks(name: string, open: () => Promise<Store>): void {
  describe(`${name}: marks`, () => {
    let store: Store;
    let marks: MarkSet;
    beforeEach(async () => {
      store = await open();
      if (!store.marks) throw new Error(`${name} has no marks`);
      marks = store.marks;
    });
    afterEach(async () => {
      await store.close();
    });

    it('adds each key once: a key given twice in one batch, or again later, is added by its first', async () => {
      expect(await marks.addNew(['a', 'b', 'a'])).toEqual([true, true, false]);
      expect(await marks.addNew(['b', 'c'])).toEqual([false, true]);
      // Marks are not items: no item appears, and items of the same name are their own.
      expect(await store.list('')).not.toContainEqual(expect.objectContaining({ key: 'a' }));
      expect(await store.create('a', { v: 1 })).toBe(true);
      expect(await marks.addNew(['a'])).toEqual([false]);
    });

    it('sweeps only the marks added before the given time', async () => {
      await marks.addNew(['old-1', 'old-2']);
      const cutoff = Date.now() + 1;
      await new Promise((r) => setTimeout(r, 5));
      await marks.addNew(['new']);
      expect(await marks.sweep(cutoff)).toBe(2);
      expect(await marks.addNew(['old-1', 'new'])).toEqual([true, false]);
      expect(await marks.sweep(0)).toBe(0);
    });
  });
}
