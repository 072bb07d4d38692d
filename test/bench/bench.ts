/**
 * `npm run bench`: speed and memory, measured side by side in one run and reported as ratios against
 * baselines on the same machine: a bare restify JSON handler (the local limit) and a minimal teams-ai
 * echo bot (what a Teams developer starts from). Not a test: it prints figures, it does not judge.
 *
 * Everything runs on loopback; each server is its own process so the load generator does not share
 * its event loop. Set BENCH_SECONDS to lengthen or shorten each scenario (default 8).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { load } from 'js-yaml';
import { loadContent } from '../../src/content/pack';
import { GlossarySearch } from '../../src/features/glossary/search';
import { composeQuery, execute, message } from '../helpers/activities';
import { Azurite } from '../helpers/azurite';

const ROOT = join(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;
/** Node flags from the `start` script, so the bench measures what production runs. */
const START_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string)
  .split(/\s+/)
  .filter((w) => w.startsWith('--'));

interface Server {
  name: string;
  port: number;
  child: ChildProcess;
  startMs: number;
}

async function startServer(name: string, args: string[], env: Record<string, string> = {}): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
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
    const match = output.match(/"port":(\d+)/);
    if (match) return { name, port: Number(match[1]), child, startMs: performance.now() - started };
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  await exited;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

let counter = 0;
/** A fresh activity id for every request, as Teams sends (a repeated id would be ignored as a duplicate). */
function body(make: () => object): () => string {
  return () => JSON.stringify({ ...make(), id: `bench-${process.pid}-${counter++}`, deliveryMode: 'expectReplies' });
}

interface Figures {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function load_(name: string, port: number, makeBody: () => string, seconds = SECONDS): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: makeBody() }) }],
  });
  return {
    name,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

async function post(port: number, activity: object): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
  });
  return res.json();
}

/** Starts a map in a conversation and returns what an "edit item" submit needs. */
async function prepareMap(port: number, conversationId: string): Promise<Record<string, unknown>> {
  const started = (await post(port, execute('mapping.start', { label: 'Bench case' }, { conversationId }))) as {
    activities: { type: string; value?: { body?: { value?: unknown } } }[];
  };
  const card = JSON.stringify(started.activities.find((a) => a.type === 'invokeResponse')?.value?.body?.value);
  const sid = card.match(/"sid":"([^"]+)"/)?.[1] ?? '';
  await post(
    port,
    execute(
      'mapping.add',
      { sid, question: 'worries', subheading: 'past-harm', items: 'first item' },
      { conversationId },
    ),
  );
  return { sid };
}

function searchLatency(): { p50: number; p99: number; queries: number } {
  const content = loadContent();
  const search = new GlossarySearch(content.glossary.terms);
  const queries = (
    load(readFileSync(join(ROOT, 'test', 'fixtures', 'glossary-queries.yaml'), 'utf8')) as { queries: { q: string }[] }
  ).queries;
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const { q } of queries) {
      const t = performance.now();
      search.search(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Number((times[Math.floor(times.length * p)] ?? 0).toFixed(3));
  return { p50: at(0.5), p99: at(0.99), queries: queries.length };
}

async function coldStarts(name: string, args: string[], env: Record<string, string>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'sofs-cold-'));
    const server = await startServer(name, args, { DATA_DIR: dir, ...env });
    times.push(server.startMs);
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] ?? 0);
}

async function main(): Promise<void> {
  console.log(`Building (npm run build) ...`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const tsx = ['--import', 'tsx', '--no-deprecation'];
  // The same flags as `npm start` (package.json).
  const ourBot = START_FLAGS.concat(join('dist', 'src', 'index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'sofs-bench-'));
  const results: Figures[] = [];

  console.log(`Cold start (median of 5, spawn to listening) ...`);
  const coldOurs = await coldStarts('sofs', ourBot, {});
  const coldEcho = await coldStarts('echo', [...tsx, join('test', 'bench', 'echoBot.ts')], {});

  const bare = await startServer('bare', [...tsx, join('test', 'bench', 'bareRestify.ts')]);
  const echo = await startServer('echo', [...tsx, join('test', 'bench', 'echoBot.ts')]);
  const sofs = await startServer('sofs', ourBot, { DATA_DIR: dataDir });
  const azurite = await new Azurite().start();
  const blobBot = await startServer('sofs-blob', ourBot, {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sofs-bench-blob-')),
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: azurite.connectionString,
    BLOB_CONTAINER: 'bench',
    DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
  });

  try {
    console.log(`Warming up ...`);
    await load_(
      'warm-up',
      sofs.port,
      body(() => message('help')),
      3,
    );
    const rssWarm = rssMb(sofs.child.pid);
    const map = await prepareMap(sofs.port, 'a:bench-map');
    const blobMap = await prepareMap(blobBot.port, 'a:bench-map');
    await load_(
      'warm-up',
      echo.port,
      body(() => message('hello')),
      2,
    );
    await load_(
      'warm-up',
      bare.port,
      body(() => message('hello')),
      2,
    );

    console.log(`Measuring ${SECONDS} s per scenario, ${CONNECTIONS} connections ...`);
    results.push(
      await load_(
        'bare restify JSON (baseline)',
        bare.port,
        body(() => message('hello')),
      ),
    );
    results.push(
      await load_(
        'minimal teams-ai echo bot (baseline)',
        echo.port,
        body(() => message('hello')),
      ),
    );
    results.push(
      await load_(
        'help card',
        sofs.port,
        body(() => message('help')),
      ),
    );
    results.push(
      await load_(
        'glossary answer',
        sofs.port,
        body(() => message("what's a danger statment")),
      ),
    );
    results.push(
      await load_(
        'message-extension search',
        sofs.port,
        body(() => composeQuery('danger')),
      ),
    );
    const edit = () =>
      execute(
        'mapping.edit',
        { ...map, itemId: 'i1', editText: `edited ${counter}` },
        { conversationId: 'a:bench-map' },
      );
    results.push(await load_('mapping submit (SQLite write)', sofs.port, body(edit)));
    const blobEdit = () =>
      execute(
        'mapping.edit',
        { ...blobMap, itemId: 'i1', editText: `edited ${counter}` },
        { conversationId: 'a:bench-map' },
      );
    results.push(await load_('mapping submit (Blob on Azurite)', blobBot.port, body(blobEdit)));
    const turns = results
      .filter((r) => !r.name.includes('baseline') && !r.name.includes('Blob'))
      .reduce((n, r) => n + r.total, 0);
    // Settled memory: after the load stops and the process has had a moment to collect garbage.
    const rssPeak = rssMb(sofs.child.pid);
    await new Promise((r) => setTimeout(r, 3000));
    const rssAfter = rssMb(sofs.child.pid);

    const bareRps = results[0]?.reqPerSec ?? 1;
    const echoRps = results[1]?.reqPerSec ?? 1;
    const search = searchLatency();
    const sqliteEdit = results.find((r) => r.name.startsWith('mapping submit (SQLite'));
    const blob = results.find((r) => r.name.includes('Blob'));

    const lines = [
      '',
      `| scenario | req/s | p50 ms | p99 ms | vs bare restify | vs echo bot | non-2xx | errors |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|`,
      ...results.map(
        (r) =>
          `| ${r.name} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${(r.reqPerSec / bareRps).toFixed(2)}x | ${(r.reqPerSec / echoRps).toFixed(2)}x | ${r.non2xx} | ${r.errors} |`,
      ),
      '',
      `| measure | value |`,
      `|---|---:|`,
      `| cold start, spawn to listening (median of 5) | ${coldOurs} ms (echo bot: ${coldEcho} ms; ${(coldOurs / coldEcho).toFixed(2)}x) |`,
      `| RSS after warm-up | ${rssWarm} MB |`,
      `| RSS after ${turns} turns, settled (at the end of load) | ${rssAfter} MB (${rssPeak} MB; ${rssAfter - rssWarm >= 0 ? '+' : ''}${rssAfter - rssWarm} MB since warm-up) |`,
      `| glossary search in-process (${search.queries} labelled queries x 20) | p50 ${search.p50} ms, p99 ${search.p99} ms |`,
      `| Blob vs SQLite mapping submit | ${blob && sqliteEdit ? (blob.reqPerSec / sqliteEdit.reqPerSec).toFixed(2) : '?'}x throughput, p99 ${blob?.p99} ms vs ${sqliteEdit?.p99} ms |`,
      '',
    ];
    console.log(lines.join('\n'));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'test-results', 'bench.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          seconds: SECONDS,
          connections: CONNECTIONS,
          results,
          coldOurs,
          coldEcho,
          rssWarm,
          rssPeak,
          rssAfter,
          turns,
          search,
        },
        null,
        2,
      ),
    );
    console.log('Figures saved to test-results/bench.json');
  } finally {
    await Promise.all([stop(bare), stop(echo), stop(sofs), stop(blobBot)]);
    await azurite.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
