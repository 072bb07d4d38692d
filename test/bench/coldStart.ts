/**
 * Cold-start A/B: `npx tsx test/bench/coldStart.ts [--runs 7] [--glossary-first] <root> [<root> ...]`.
 * Each root is a built checkout (dist/src/index.js beside cards/ and src/content/). The roots are
 * started in turn, one at a time, `--runs` times each (interleaved, so the machine's load falls on
 * all alike), as `npm start` runs the bot (`--max-semi-space-size=4`, NODE_ENV=test, a fresh DATA_DIR,
 * a free port). Per start: spawn to the "listening" line, spawn to the first answered `help` (polled
 * until answered), the process's CPU time then (/proc), and how long a glossary question sent right
 * after that answer took (`--gap MS` waits that long first). `--glossary-first` makes the glossary question the first activity instead.
 * Prints medians per root. Not a test: figures only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { message } from '../helpers/activities';
import { freePort } from '../helpers/net';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const GLOSSARY_FIRST = args.includes('--glossary-first');
const profileAt = args.indexOf('--profile');
/** `--profile DIR`: each start writes a V8 CPU profile there (--cpu-prof), ended right after the first answer. */
const PROFILE_DIR = profileAt >= 0 ? args[profileAt + 1] : undefined;
const gapAt = args.indexOf('--gap');
/** `--gap MS`: how long after the first answer the second question is sent (default 0: at once). */
const GAP_MS = gapAt >= 0 ? Number(args[gapAt + 1]) : 0;
const valueAt = new Set([runsAt + 1, profileAt + 1, gapAt + 1].filter((i) => i > 0));
const roots = args.filter((a, i) => !a.startsWith('--') && !valueAt.has(i));
const TICKS = 100; // clock ticks per second for /proc/<pid>/stat

let n = 0;
const body = (text: string) =>
  JSON.stringify({ ...message(text), id: `cold-${process.pid}-${n++}`, deliveryMode: 'expectReplies' });

async function ask(port: number, text: string): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(text),
  });
  const out = await res.text();
  return res.status === 200 && out.includes('"activities"');
}

function cpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

interface Start {
  listen: number;
  answer: number;
  cpu: number;
  next: number;
}

async function start(root: string): Promise<Start> {
  const dir = mkdtempSync(join(tmpdir(), 'sofs-cold-'));
  const port = await freePort();
  const t0 = performance.now();
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const child = spawn(process.execPath, ['--max-semi-space-size=4', ...profile, join('dist', 'src', 'index.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', NODE_ENV: 'test', DATA_DIR: dir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let listen = 0;
  const onData = (d: Buffer) => {
    output += d;
    if (!listen && /"port":\d+/.test(output)) listen = performance.now() - t0;
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const firstText = GLOSSARY_FIRST ? 'what is a danger statement' : 'help';
  const nextText = GLOSSARY_FIRST ? 'help' : 'what is a danger statement';
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${root} exited:\n${output}`);
      try {
        if (await ask(port, firstText)) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const answer = performance.now() - t0;
    const cpu = cpuMs(child);
    if (GAP_MS > 0) await new Promise((r) => setTimeout(r, GAP_MS));
    const t1 = performance.now();
    if (PROFILE_DIR) return { listen: listen || answer, answer, cpu, next: 0 };
    if (!(await ask(port, nextText))) throw new Error(`${root}: the second question was not answered`);
    const next = performance.now() - t1;
    return { listen: listen || answer, answer, cpu, next };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0);

async function main(): Promise<void> {
  if (roots.length === 0) throw new Error('usage: coldStart.ts [--runs N] [--glossary-first] <root> [<root> ...]');
  const results = roots.map(() => [] as Start[]);
  for (let i = 0; i < RUNS; i++)
    for (const [j, root] of roots.entries()) {
      const s = await start(root);
      results[j]?.push(s);
      console.error(
        `${root} run ${i + 1}: listen ${Math.round(s.listen)} answer ${Math.round(s.answer)} cpu ${s.cpu} next ${Math.round(s.next)}`,
      );
    }
  const first = GLOSSARY_FIRST ? 'glossary' : 'help';
  const next = GLOSSARY_FIRST ? 'help' : 'glossary';
  console.log(
    `| root | listening ms | first answer (${first}) ms | CPU to it ms | listening → answer ms | then ${next} ms |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [j, root] of roots.entries()) {
    const r = results[j] ?? [];
    console.log(
      `| ${root} | ${median(r.map((s) => s.listen))} | ${median(r.map((s) => s.answer))} | ${median(r.map((s) => s.cpu))} | ${median(r.map((s) => s.answer - s.listen))} | ${median(r.map((s) => s.next))} |`,
    );
  }
}

void main();
