/**
 * `npm run dev`: the bot (restarted by tsx whenever its code, content or cards change) plus the
 * Microsoft 365 Agents Playground, a Teams-like chat in the browser. No Teams tenant, tunnel or
 * .env editing: the bot runs anonymously on 127.0.0.1 with the committed env/.env.local.
 * The playground's pretend users and chats are in src/tools/playground/.m365agentsplayground.yml.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';

const root = resolve(__dirname, '../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const envFile = join(root, 'env', '.env.local');
// --env-file leaves variables that are already set alone, so a PORT from the shell wins, as it does for the bot.
const botPort = Number(process.env.PORT || parseEnv(readFileSync(envFile, 'utf8')).PORT || 3978);
const playgroundPort = 56150; // it picks a random port if this one is taken; we read the one it got
const playgroundLog = join(tmpdir(), 'sofs-companion-playground.log');
// restify loads spdy, whose http-deceiver calls process.binding('http_parser'): Node warns DEP0111 twice at
// every (re)start. `npm start` passes --no-deprecation; here only that one warning is hidden, so others still
// show while developing (--disable-warning is Node 20.11+; older Node 20 falls back to --no-deprecation).
const quietRestify = process.allowedNodeEnvironmentFlags.has('--disable-warning')
  ? '--disable-warning=DEP0111'
  : '--no-deprecation';

const children = new Map<string, ChildProcess>();
let stopping = false;

async function main(): Promise<void> {
  if (await portInUse(botPort)) {
    console.error(
      `Port ${botPort} is already in use (another \`npm run dev\`?). Stop that, or run: PORT=3979 npm run dev`,
    );
    process.exit(1);
  }

  // Each child gets its own process group, so Ctrl-C reaches them once, from here, and stops all they started.
  start(
    'bot',
    bin('tsx'),
    [
      'watch',
      '--clear-screen=false',
      '--include',
      'src/content/**',
      '--include',
      'cards/**',
      `--env-file=${envFile}`,
      quietRestify,
      'src/index.ts',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  await waitFor(`http://127.0.0.1:${botPort}/healthz`, 60_000, 'The bot did not answer; see its output above.');

  const playground = start(
    'playground',
    bin('agentsplayground'),
    ['-c', 'msteams', '--dt', '-p', `${playgroundPort}`],
    {
      cwd: join(root, 'src', 'tools', 'playground'),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        BOT_ENDPOINT: `http://127.0.0.1:${botPort}/api/messages`,
        M365_AGENTS_PLAYGROUND_LOGFILE: playgroundLog,
      },
    },
  );
  const port = await new Promise<number>((ok) => {
    let seen = '';
    playground.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(`[playground] ${chunk}`);
      seen += chunk.toString();
      const m = /Listening on (\d+)/.exec(seen);
      if (m) ok(Number(m[1]));
    });
  });
  const url = `http://localhost:${port}`;
  await waitFor(url, 30_000, 'The playground did not answer; see its output above.');

  console.log(
    [
      '',
      `SofS Companion is running. Open ${url} to chat with it (personal chat, group chat and channel views).`,
      'In the group chat and channels, @mention SofS Companion first (type @ and pick it from the list).',
      `Saving a file under src/ or cards/ restarts the bot. Playground log: ${playgroundLog}. Ctrl-C stops both.`,
      '',
    ].join('\n'),
  );
}

function start(name: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  children.set(name, child);
  child.on('error', (err) => {
    console.error(`Could not start the ${name}: ${err.message}`);
    stop(1);
  });
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`The ${name} stopped (${signal ?? `exit code ${code}`}), so stopping everything.`);
      stop(code || 1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
  return child;
}

/** Stops every child's process group, gently and then firmly, and exits once they are gone. */
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) signalGroup(child, 'SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) signalGroup(child, 'SIGKILL');
    process.exit(code);
  }, 8000).unref();
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      answer(true);
    });
    socket.on('error', () => answer(false));
  });
}

async function waitFor(url: string, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stopping) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      console.error(`${url} did not answer within ${timeoutMs / 1000} s. ${failure}`);
      stop(1);
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Stopping: wait here until the exit handlers end the process.
  await new Promise(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));

main().catch((err) => {
  console.error('npm run dev failed:', err instanceof Error ? err.message : err);
  stop(1);
});
