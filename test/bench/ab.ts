/**
 * `npx tsx test/bench/ab.ts <rootA> <rootB> [--memory] [--flags-a="..."] [--flags-b="..."]`: an A/B of two
 * built copies of the bot (each a project folder with dist/, cards/ and node_modules), for judging one
 * change on a shared machine. Both servers run at once, each in its own process; every scenario runs in
 * short rounds alternating A, B, A, B, ... so others' load falls on both alike; medians are printed.
 * Before measuring, the same activities (same ids) go to both and the reply bytes are compared.
 *
 * `--memory` then sends MEMORY_TURNS (30,000) mixed turns to each and reads RSS and the live heap
 * after a forced GC (test/bench/gcProbe.cjs). Node flags default to the `start` script's of each root;
 * `--flags-a=` / `--flags-b=` replace them (e.g. `--flags-b="--no-deprecation"` for Node's defaults).
 * Figures only; not a test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { composeQuery, message, type TestActivity } from '../helpers/activities';
import { freePort } from '../helpers/net';
import { cpuMs } from './procCpu';

const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);
const CONNECTIONS = 10;
const MEMORY_TURNS = Number(process.env.BENCH_MEMORY_TURNS ?? 30_000);
const args = process.argv.slice(2);
const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
const flagArg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

interface Server {
  label: string;
  port: number;
  child: ChildProcess;
  output: () => string;
}

function startFlags(root: string, override?: string): string[] {
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string;
  return script.split(/\s+/).filter((w) => w.startsWith('--'));
}

let n = 0;
const dataDirs: string[] = [];
async function start(label: string, root: string, flags: string[]): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `sofs-ab-${label}-`));
  dataDirs.push(dataDir);
  const probe = ['--expose-gc', '-r', join(__dirname, 'gcProbe.cjs')];
  const child = spawn(process.execPath, [...probe, ...flags, join(root, 'dist', 'src', 'index.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited:\n${output}`);
    try {
      const res = await post(port, { ...message('help'), id: `ab-first-${n++}` });
      if (res.includes('"activities"')) return { label, port, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function post(port: number, activity: TestActivity): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deliveryMode: 'expectReplies', ...activity }),
  });
  // Every header but the date, in order, then the body.
  const headers = [...res.headers.entries()].filter(([k]) => k !== 'date').map(([k, v]) => `${k}: ${v}`);
  return `${res.status}\n${headers.join('\n')}\n${await res.text()}`;
}

let counter = 0;
const bodyOf = (make: () => TestActivity) => () =>
  JSON.stringify({ ...make(), id: `ab-${process.pid}-${counter++}`, deliveryMode: 'expectReplies' });

interface Round {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** The server's CPU time (user + system) per answered request, in microseconds. */
  cpuUs: number;
}

async function round(server: Server, make: () => string, amount?: number): Promise<Round> {
  const port = server.port;
  const cpuBefore = cpuMs(server.child.pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration: SECONDS }),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: make() }) }],
  });
  const cpuUs = Math.round(((cpuMs(server.child.pid) - cpuBefore) * 1000) / Math.max(1, r.requests.total));
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors,
    cpuUs,
  };
}

/** Resident set at rest after a forced GC, the resident set just before it, and the live heap (gcProbe.cjs). */
async function memory(server: Server): Promise<{ rss: number; rssBusy: number; heap: number }> {
  const before = server.output().length;
  server.child.kill('SIGUSR2');
  const mb = (n: unknown) => Math.round(Number(n ?? 0) / 2 ** 20);
  for (let i = 0; i < 800; i++) {
    const line = server
      .output()
      .slice(before)
      .match(/\{"gcProbe":\{[^}]*\}\}/);
    if (line) {
      const m = (JSON.parse(line[0]) as { gcProbe: Record<string, number> }).gcProbe;
      return { rss: mb(m.rss), rssBusy: mb(m.rssBusy), heap: Number((Number(m.heapUsed) / 2 ** 20).toFixed(1)) };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${server.label} did not report its memory`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const [rootA, rootB] = roots;
  if (!rootA || !rootB) throw new Error('usage: tsx test/bench/ab.ts <rootA> <rootB> [--memory]');
  const a = await start('A', rootA, startFlags(rootA, flagArg('flags-a')));
  const b = await start('B', rootB, startFlags(rootB, flagArg('flags-b')));
  try {
    // Same activities, same ids, to both: the replies must be the same bytes.
    const samples: [string, TestActivity][] = [
      ['glossary', message("what's a danger statment")],
      ['glossary 2', message('what is MARAC')],
      ['help', message('help')],
      ['search', composeQuery('danger')],
      ['training', message('training')],
      ['unknown', message('zzqx blorp')],
    ];
    for (const [name, activity] of samples) {
      for (let i = 0; i < 2; i++) {
        const fixed = { ...activity, id: `ab-same-${name}-${i}`, timestamp: '2025-01-01T00:00:00.000Z' };
        const [ra, rb] = [await post(a.port, fixed), await post(b.port, fixed)];
        console.log(`${name}: replies ${ra === rb ? 'byte-identical' : 'DIFFER'} (${ra.length} bytes)`);
        if (ra !== rb) console.log(`A: ${ra.slice(0, 400)}\nB: ${rb.slice(0, 400)}`);
      }
    }
    const scenarios: [string, () => string][] = [
      ['glossary answer', bodyOf(() => message("what's a danger statment"))],
      ['help card', bodyOf(() => message('help'))],
      ['message-extension search', bodyOf(() => composeQuery('danger'))],
    ];
    for (const s of [a, b]) await round(s, scenarios[0]?.[1] ?? bodyOf(() => message('help')), 3000);
    const figures = new Map<string, Round[]>();
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, make] of scenarios)
        for (const s of r % 2 === 0 ? [a, b] : [b, a]) {
          const key = `${name}|${s.label}`;
          figures.set(key, [...(figures.get(key) ?? []), await round(s, make)]);
        }
    console.log(`\n${ROUNDS} rounds of ${SECONDS} s each, alternating; medians (rounds' req/s in brackets)`);
    console.log(
      '| scenario | A req/s | B req/s | B/A | A p50/p99 ms | B p50/p99 ms | A CPU µs/turn | B CPU µs/turn | B/A CPU |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name] of scenarios) {
      const fa = figures.get(`${name}|A`) ?? [];
      const fb = figures.get(`${name}|B`) ?? [];
      const [ra, rb] = [median(fa.map((f) => f.rps)), median(fb.map((f) => f.rps))];
      const lat = (f: Round[]) => `${median(f.map((x) => x.p50))}/${median(f.map((x) => x.p99))}`;
      const bad = [...fa, ...fb].reduce((s, f) => s + f.bad, 0);
      const [ca, cb] = [median(fa.map((f) => f.cpuUs)), median(fb.map((f) => f.cpuUs))];
      console.log(
        `| ${name} | ${ra} (${fa.map((f) => f.rps).join(', ')}) | ${rb} (${fb.map((f) => f.rps).join(', ')}) | ${(rb / ra).toFixed(2)} | ${lat(fa)} | ${lat(fb)} | ${ca} | ${cb} | ${(cb / ca).toFixed(2)} |${bad ? ` ${bad} bad` : ''}`,
      );
    }
    if (args.includes('--memory')) {
      const mix = [
        () => message('help'),
        () => message("what's a danger statment"),
        () => message(`what is ${['MARAC', 'CIN', 'a safety goal', 'three houses'][counter % 4]}`),
        () => composeQuery(['danger', 'safety', 'scaling'][counter % 3] ?? ''),
        () => message('training'),
      ];
      const mixed = bodyOf(() => (mix[counter % mix.length] ?? mix[0])?.() ?? message('help'));
      // Half the turns each, alternating, so both see the same machine.
      for (const s of [a, b, a, b]) await round(s, mixed, MEMORY_TURNS / 2);
      const [ma, mb] = [await memory(a), await memory(b)];
      console.log(
        `\nafter ${MEMORY_TURNS} mixed turns (+ the rounds above): RSS at rest after GC / live heap (RSS just before the GC)`,
      );
      console.log(
        `A: ${ma.rss} MB / ${ma.heap} MB (${ma.rssBusy} MB)   B: ${mb.rss} MB / ${mb.heap} MB (${mb.rssBusy} MB)`,
      );
    }
  } finally {
    for (const s of [a, b]) s.child.kill('SIGTERM');
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
