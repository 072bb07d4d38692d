import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashId } from '../../src/state/keys';
import { execute, message } from '../helpers/activities';
import { buttonData, cardText } from '../helpers/cardCheck';
import { answerCard, useLiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

/** Every byte of every file in the data folder, as the bot leaves them while it runs. */
function everyFile(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

/** The sealed ciphertext of a record right now, read through a separate read-only connection. */
function ciphertextOf(dir: string, key: string): string | undefined {
  const db = new Database(join(dir, 'state.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as { sealed: { ct: string } }).sealed.ct : undefined;
  } finally {
    db.close();
  }
}

const answer = answerCard;

describe('erasure on disk while the bot is running', () => {
  const { connector, live } = useLiveBot();

  it('keeps the data folder and every database file owner-only', () => {
    expect(statSync(live.dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(live.dataDir);
    expect(files).toEqual(expect.arrayContaining(['state.sqlite', 'audit.sqlite']));
    for (const f of files)
      expect(`${f} ${(statSync(join(live.dataDir, f)).mode & 0o777).toString(8)}`).toBe(`${f} 600`);
  });

  it('after delete, no version of the map is readable from any file in DATA_DIR', async () => {
    const conversationId = 'a:erase-delete';
    const at = { serviceUrl: connector.url, conversationId };
    const key = `mapping/${hashId(conversationId)}`;
    const versions: string[] = [];
    const start = answer((await live.post(execute('mapping.start', { label: 'Erase case' }, at))).body);
    const add = buttonData(start, 'mapping.add');
    versions.push(ciphertextOf(live.dataDir, key) ?? '');
    for (const items of ['first version of the worry', 'second worry', 'third worry']) {
      await live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items }, at));
      versions.push(ciphertextOf(live.dataDir, key) ?? '');
    }
    expect(new Set(versions).size).toBe(4);
    // Before the delete the earlier versions are still in the write-ahead log (so the test can fail).
    const before = everyFile(live.dataDir);
    expect(versions.filter((ct) => before.includes(ct.slice(0, 60))).length).toBeGreaterThan(1);

    await live.post(execute('mapping.deleteConfirmed', { sid: add.sid }, at));
    const after = everyFile(live.dataDir);
    for (const ct of versions) expect(after.includes(ct.slice(0, 60))).toBe(false);
    expect(live.bot).toBeDefined();
  });

  it("after a participant's forget me, their items are readable in no file, and the map stays", async () => {
    const conversationId = 'a:erase-forget';
    const group = { serviceUrl: connector.url, conversationId, kind: 'groupChat' as const };
    const key = `mapping/${hashId(conversationId)}`;
    const start = answer(
      (await live.post(execute('mapping.start', { label: 'Forget case' }, { ...group, user: 'sam' }))).body,
    );
    const add = buttonData(start, 'mapping.add');
    await live.post(
      execute('mapping.add', { ...add, subheading: 'past-harm', items: 'kept worry' }, { ...group, user: 'sam' }),
    );
    await live.post(
      execute('mapping.add', { ...add, subheading: 'past-harm', items: 'priya worry one' }, { ...group, user: 'alex' }),
    );
    const withPriya = ciphertextOf(live.dataDir, key) ?? '';
    await live.post(execute('privacy.forgetConfirmed', {}, { ...group, user: 'alex' }));
    const after = everyFile(live.dataDir);
    expect(after.includes(withPriya.slice(0, 60))).toBe(false);
    const summary = cardText(
      cardsIn((await live.post(message('summary', { ...group, user: 'sam', mention: true }))).activities)[0],
    );
    expect(summary).toContain('kept worry');
    expect(summary).not.toContain('priya worry one');
  });
});
