/**
 * `npm run soak`: a bounded load run on loopback. 50 conversations each hold a 20-turn session
 * (questions, a map with items and scores, reflection, privacy) while 10 practitioners submit items
 * into one group map at the same time. Reports 5xx responses, lost items and per-turn latency.
 * Exits non-zero if any turn failed or any item was lost.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, message, type UserKey } from '../helpers/activities';
import { ConnectorStub } from '../helpers/connectorStub';

const ROOT = join(__dirname, '..', '..');
const CONVERSATIONS = Number(process.env.SOAK_CONVERSATIONS ?? 50);
const TURNS = Number(process.env.SOAK_TURNS ?? 20);
const SUBMITTERS = Number(process.env.SOAK_SUBMITTERS ?? 10);
const ITEMS_EACH = Number(process.env.SOAK_ITEMS_EACH ?? 12);
const USERS: UserKey[] = ['sam', 'alex', 'jo', 'kim'];

interface Turn {
  ms: number;
  status: number;
  group: boolean;
  at: number;
  what: string;
}
const turns: Turn[] = [];

let connector: ConnectorStub;

async function post(port: number, activity: object): Promise<{ status: number; text: string }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Group cards are edited in place through the (loopback stand-in) connector.
    body: JSON.stringify({ ...activity, serviceUrl: connector.url, deliveryMode: 'expectReplies' }),
  });
  const text = await res.text();
  const a = activity as { text?: string; value?: { action?: { verb?: string } } };
  turns.push({
    ms: performance.now() - started,
    status: res.status,
    group: JSON.stringify(activity).includes('soak-group'),
    at: started,
    what: a.value?.action?.verb ?? a.text ?? '',
  });
  return { status: res.status, text };
}

const sidOf = (text: string) => text.match(/"sid":"([^"]+)"/)?.[1] ?? '';

/** One practitioner's 20-turn session in their own chat. */
async function conversation(port: number, i: number): Promise<void> {
  const where = { conversationId: `a:soak-${i}`, user: USERS[i % USERS.length] as UserKey };
  const script: (() => object)[] = [
    () => message('help', where),
    () => message("what's a danger statment", where),
    () => message('3 wizards', where),
    () => message('what does drift mean', where),
  ];
  let sid = '';
  let turn = 0;
  for (const step of script) {
    await post(port, step());
    turn++;
  }
  sid = sidOf((await post(port, execute('mapping.start', { label: `Soak ${i}` }, where))).text);
  turn++;
  for (; turn < TURNS - 4; turn++) {
    await post(
      port,
      execute(
        'mapping.add',
        { sid, question: 'worries', subheading: 'past-harm', items: `item ${turn} in ${i}` },
        where,
      ),
    );
  }
  await post(port, execute('mapping.goto', { sid, rev: 0, to: 'scaling' }, where));
  await post(port, execute('mapping.score', { sid, score: String(i % 11), reason: 'soak' }, where));
  await post(port, message('reflect', where));
  await post(port, message('summary', where));
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'sofs-soak-'));
  connector = await new ConnectorStub().start();
  const flags = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string)
    .split(/\s+/)
    .filter((w) => w.startsWith('--'));
  const child: ChildProcess = spawn(process.execPath, [...flags, join('dist', 'src', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  let port = 0;
  while (!port) {
    port = Number(out.match(/"port":(\d+)/)?.[1] ?? 0);
    await new Promise((r) => setTimeout(r, 20));
  }

  try {
    // Warm-up (not counted): the first turns after start pay for JIT compilation and lazy loading.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(port, message(i % 2 ? 'help' : 'what is drift', { conversationId: `a:warm-${i}` })),
      ),
    );
    turns.length = 0;
    const group = { kind: 'groupChat' as const, conversationId: '19:soak-group@thread.v2' };
    const groupSid = sidOf(
      (await post(port, execute('mapping.start', { label: 'Soak group' }, { ...group, user: 'sam' }))).text,
    );
    const started = performance.now();
    const submitters = Array.from({ length: SUBMITTERS }, async (_, s) => {
      for (let k = 0; k < ITEMS_EACH; k++) {
        await post(
          port,
          execute(
            'mapping.add',
            { sid: groupSid, question: 'worries', subheading: 'past-harm', items: `group s${s} k${k}` },
            { ...group, user: USERS[s % USERS.length] as UserKey },
          ),
        );
      }
    });
    await Promise.all([...Array.from({ length: CONVERSATIONS }, (_, i) => conversation(port, i)), ...submitters]);
    const seconds = (performance.now() - started) / 1000;

    // "Copy as text" holds every item (the summary card pages long maps).
    const summary = (await post(port, execute('mapping.copy', { sid: groupSid }, { ...group, user: 'sam' }))).text;
    const missing: string[] = [];
    for (let s = 0; s < SUBMITTERS; s++)
      for (let k = 0; k < ITEMS_EACH; k++) if (!summary.includes(`group s${s} k${k}`)) missing.push(`s${s} k${k}`);

    const percentile = (list: Turn[], p: number) => {
      const times = list.map((t) => t.ms).sort((a, b) => a - b);
      return (times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0).toFixed(1);
    };
    const at = (p: number) => percentile(turns, p);
    const solo = turns.filter((t) => !t.group);
    const grouped = turns.filter((t) => t.group);
    const fivexx = turns.filter((t) => t.status >= 500).length;
    const failed = turns.filter((t) => t.status !== 200).length;
    console.log(
      [
        '',
        `| measure | value |`,
        `|---|---:|`,
        `| conversations x turns | ${CONVERSATIONS} x ${TURNS}, plus ${SUBMITTERS} submitters x ${ITEMS_EACH} items in one group map |`,
        `| turns | ${turns.length} in ${seconds.toFixed(1)} s (${(turns.length / seconds).toFixed(0)}/s) |`,
        `| latency per turn | p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms |`,
        `| one-to-one turns | p50 ${percentile(solo, 0.5)} ms, p99 ${percentile(solo, 0.99)} ms |`,
        `| group-map submits (10 at once on one record) | p50 ${percentile(grouped, 0.5)} ms, p99 ${percentile(grouped, 0.99)} ms |`,
        `| 5xx responses | ${fivexx} |`,
        `| non-200 responses | ${failed} |`,
        `| group items lost | ${missing.length} of ${SUBMITTERS * ITEMS_EACH} |`,
        '',
      ].join('\n'),
    );
    if (process.env.SOAK_DEBUG) {
      const first = Math.min(...turns.map((t) => t.at));
      for (const t of [...turns].sort((x, y) => y.ms - x.ms).slice(0, 8))
        console.log(`${t.ms.toFixed(0)} ms at +${(t.at - first).toFixed(0)} ms: ${t.what}`);
      const buckets = new Map<number, number>();
      for (const t of turns)
        buckets.set(
          Math.floor((t.at + t.ms - first) / 250),
          (buckets.get(Math.floor((t.at + t.ms - first) / 250)) ?? 0) + 1,
        );
      console.log(
        [...buckets]
          .sort((a, b) => a[0] - b[0])
          .map(([b, c]) => `${b * 250}:${c}`)
          .join(' '),
      );
    }
    if (fivexx > 0 || failed > 0 || missing.length > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
