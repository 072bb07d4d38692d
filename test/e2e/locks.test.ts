import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { execute, message } from '../helpers/activities';
import { buttonData, cardText } from '../helpers/cardCheck';
import { answerCard, LiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

/** Another process (a backup or admin tool) that takes SQLite's write lock on the bot's database and holds it. */
class LockHolder {
  private child?: ChildProcess;

  async hold(file: string): Promise<void> {
    const script = `
      const db = require('better-sqlite3')(process.argv[1]);
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('locked\\n');
      process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
    `;
    const child = spawn(process.execPath, ['-e', script, file], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d) => String(d).includes('locked') && resolve());
      child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
  }

  async release(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin?.write('go\n');
    });
  }
}

const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
};

const answer = answerCard;

describe("another process holding the database's write lock", () => {
  const live = new LiveBot();
  const lock = new LockHolder();
  const at = { conversationId: 'a:locked-map' };
  let add: Record<string, unknown> = {};

  beforeAll(async () => {
    await live.start();
    const start = answer((await live.post(execute('mapping.start', { label: 'Locked case' }, at))).body);
    add = buttonData(start, 'mapping.add');
    await lock.hold(join(live.dataDir, 'state.sqlite'));
  });
  afterAll(async () => {
    await lock.release();
    await live.dispose();
  });

  it('slows only the writes that need it: health and glossary answers stay fast, a map add says try again and keeps the text', async () => {
    const adding = timed(() =>
      live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items: 'typed while locked' }, at)),
    );
    // While the add waits for the lock, the event loop is free.
    const health = await timed(() => fetch(`${live.url}/healthz`));
    const term = await timed(() => live.post(message('what is a safety plan', at)));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(500);
    expect(cardText(cardsIn(term.value.activities)[0])).toMatch(/Safety plan/i);
    expect(term.ms).toBeLessThan(1000);

    const added = await adding;
    const card = answer(added.value.body);
    expect(cardText(card)).toMatch(/couldn't save that just now/);
    // What the person typed is still in the box.
    expect(JSON.stringify(card)).toContain('typed while locked');
  });

  it('saves the same add once the lock is released', async () => {
    await lock.release();
    const card = answer(
      (await live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items: 'typed after' }, at))).body,
    );
    expect(cardText(card)).toContain('typed after');
  });
});
