import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { MemoryStore } from '../../src/storage/memory';
import { SqliteStore } from '../../src/storage/sqlite';
import {
  describeCreateMany,
  describeMarks,
  describeStorageContract,
  describeStoreExtras,
} from '../helpers/storeConformance';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sofs-store-'));
  dirs.push(dir);
  return join(dir, 'state.sqlite');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStorageContract('MemoryStorage (reference)', async () => new MemoryStorage());
describeStorageContract('MemoryStore', async () => new MemoryStore());
describeStoreExtras('MemoryStore', async () => new MemoryStore());
describeStorageContract(
  'SqliteStore',
  async () => new SqliteStore(tempFile()),
  (s) => (s as SqliteStore).close(),
);
describeStoreExtras('SqliteStore', async () => new SqliteStore(tempFile()));
describeCreateMany('MemoryStore', async () => new MemoryStore());
describeCreateMany('SqliteStore', async () => new SqliteStore(tempFile()));
describeMarks('SqliteStore', async () => new SqliteStore(tempFile()));

describe('SqliteStore on disk', () => {
  it('keeps state across a close and reopen', async () => {
    const file = tempFile();
    const first = new SqliteStore(file);
    await first.write({ 'session/a': { label: 'Case 7' } });
    await first.close();
    const second = new SqliteStore(file);
    expect((await second.read(['session/a']))['session/a']).toMatchObject({ label: 'Case 7' });
    await second.close();
  });

  it('uses write-ahead logging', async () => {
    const file = tempFile();
    const store = new SqliteStore(file);
    await store.write({ k: { v: 1 } });
    // The WAL flag lives in the file header (bytes 18-19 are 2 for WAL).
    const header = readFileSync(file).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
    await store.close();
  });

  it('does not leave deleted content readable in the file', async () => {
    const file = tempFile();
    const store = new SqliteStore(file);
    await store.write({ 'session/a': { note: 'CANARY-deleted-7f3a' } });
    await store.delete(['session/a']);
    await store.close();
    expect(readFileSync(file).includes('CANARY-deleted-7f3a')).toBe(false);
  });
});
