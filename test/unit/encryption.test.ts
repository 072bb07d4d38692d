import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { openStores } from '../../src/storage';
import { DataKeyError, EncryptedStore, newDataKey, parseDataKey } from '../../src/storage/encrypted';
import { MemoryStore } from '../../src/storage/memory';
import { SqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/store';
import {
  describeCreateMany,
  describeMarks,
  describeStorageContract,
  describeStoreExtras,
} from '../helpers/storeConformance';

describeStorageContract(
  'EncryptedStore over SQLite',
  async () => new EncryptedStore(new SqliteStore(':memory:'), parseDataKey(newDataKey())),
);
describeStoreExtras(
  'EncryptedStore over SQLite',
  async () => new EncryptedStore(new SqliteStore(':memory:'), parseDataKey(newDataKey())),
);

describeCreateMany(
  'EncryptedStore over SQLite',
  async () => new EncryptedStore(new SqliteStore(':memory:'), parseDataKey(newDataKey())),
);
describeCreateMany(
  'EncryptedStore over SQLite, dedupe/ stored plain',
  async () => new EncryptedStore(new SqliteStore(':memory:'), parseDataKey(newDataKey()), [], ['dedupe/']),
);

describeMarks(
  'EncryptedStore over SQLite',
  async () => new EncryptedStore(new SqliteStore(':memory:'), parseDataKey(newDataKey()), [], ['dedupe/']),
);

describe('EncryptedStore.createMany', () => {
  it('seals what it creates in a batch, except keys under a plain prefix', async () => {
    const inner = new MemoryStore();
    const store = new EncryptedStore(inner, parseDataKey(newDataKey()), [], ['dedupe/']);
    expect(
      await store.createMany?.([
        ['session/a', { note: 'CANARY-batch-1' }],
        ['dedupe/x', { seen: true }],
      ]),
    ).toEqual([true, true]);
    const raw = await inner.read(['session/a', 'dedupe/x']);
    expect(JSON.stringify(raw['session/a'])).not.toContain('CANARY-batch-1');
    expect(raw['dedupe/x']).toMatchObject({ seen: true });
    expect((await store.read(['session/a']))['session/a']).toMatchObject({ note: 'CANARY-batch-1' });
  });

  it('has no createMany over a backend without one (Blob), so callers use create', () => {
    const inner = new MemoryStore();
    const noBatch: Store = {
      read: (keys) => inner.read(keys),
      write: (changes) => inner.write(changes),
      delete: (keys) => inner.delete(keys),
      create: (key, item) => inner.create(key, item),
      list: (prefix) => inner.list(prefix),
      close: () => inner.close(),
    };
    expect(new EncryptedStore(noBatch, parseDataKey(newDataKey())).createMany).toBeUndefined();
    expect(typeof new EncryptedStore(inner, parseDataKey(newDataKey())).createMany).toBe('function');
  });
});

describe('encryption at rest', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sofs-key-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('stores nothing readable: content is sealed with AES-256-GCM', async () => {
    const d = dir();
    const stores = await openStores(loadConfig({ DATA_DIR: d }));
    await stores.state.write({ 'mapping/x': { note: 'CANARY-secret-9d1' } });
    await stores.state.close();
    await stores.audit.close();
    expect(readFileSync(join(d, 'state.sqlite')).includes('CANARY-secret-9d1')).toBe(false);
  });

  it('creates an owner-only key file in local mode and reuses it', async () => {
    const d = dir();
    const first = await openStores(loadConfig({ DATA_DIR: d }));
    await first.state.write({ k: { v: 'kept' } });
    await first.state.close();
    await first.audit.close();
    expect(statSync(join(d, 'data.key')).mode & 0o777).toBe(0o600);
    const second = await openStores(loadConfig({ DATA_DIR: d }));
    expect((await second.state.read(['k'])).k).toMatchObject({ v: 'kept' });
    await second.state.close();
    await second.audit.close();
  });

  it('refuses to start with the wrong key, naming the setting', async () => {
    const d = dir();
    const good = newDataKey();
    const first = await openStores(loadConfig({ DATA_DIR: d, DATA_KEY: good }));
    await first.state.write({ k: { v: 1 } });
    await first.state.close();
    await first.audit.close();
    await expect(openStores(loadConfig({ DATA_DIR: d, DATA_KEY: newDataKey() }))).rejects.toThrow(
      /DATA_KEY cannot decrypt the stored data/,
    );
  });

  it('refuses a malformed key', () => {
    expect(() => parseDataKey('too-short')).toThrow(DataKeyError);
  });

  it('rotates to a new key while reading the old one, then works with the new key alone', async () => {
    const d = dir();
    const oldKey = newDataKey();
    const newKey = newDataKey();
    const a = await openStores(loadConfig({ DATA_DIR: d, DATA_KEY: oldKey }));
    await a.state.write({ 'mapping/1': { v: 'one' }, 'mapping/2': { v: 'two' } });
    await a.state.close();
    await a.audit.close();

    const b = await openStores(loadConfig({ DATA_DIR: d, DATA_KEY: newKey, DATA_KEY_PREVIOUS: oldKey }));
    expect((await b.state.read(['mapping/1']))['mapping/1']).toMatchObject({ v: 'one' });
    expect(await (b.state as EncryptedStore).rotateAll()).toBe(3);
    await b.state.close();
    await b.audit.close();

    const c = await openStores(loadConfig({ DATA_DIR: d, DATA_KEY: newKey }));
    expect(await c.state.read(['mapping/1', 'mapping/2'])).toMatchObject({
      'mapping/1': { v: 'one' },
      'mapping/2': { v: 'two' },
    });
    await c.state.close();
    await c.audit.close();
    await expect(openStores(loadConfig({ DATA_DIR: d, DATA_KEY: oldKey }))).rejects.toThrow(DataKeyError);
  });

  it('binds each ciphertext to its key: a record copied under another key will not open', async () => {
    const inner = new MemoryStore();
    const store = new EncryptedStore(inner, parseDataKey(newDataKey()));
    await store.write({ 'mapping/a': { v: 'a' } });
    const sealed = (await inner.read(['mapping/a']))['mapping/a'];
    await inner.write({ 'mapping/b': { ...sealed, eTag: '*' } });
    await expect(store.read(['mapping/b'])).rejects.toThrow();
  });
});
