/**
 * The one way test code starts a browser: headless Chromium through playwright-core.
 *
 *   const context = await launchChromium(userDataDir, { viewport: { width: 1400, height: 1000 } });
 *
 * Which Chromium, first match wins:
 * 1. `CHROME_PATH`, if set (it must exist);
 * 2. a system Chromium or Chrome (/usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome,
 *    and the usual macOS app paths);
 * 3. the Chromium that arrives with `npm install`: the `@sparticuz/chromium` devDependency ships it
 *    Brotli-packed, and the first launch on a machine unpacks it into the temp folder (a few seconds).
 *    It is a Linux x64 build. When the machine lacks the NSS libraries it links to (no browser was ever
 *    installed there), the package's own copies are unpacked too and put on its LD_LIBRARY_PATH.
 *
 * `SOFS_BROWSER=npm` always takes 3, even with a system Chromium or CHROME_PATH: that is how the
 * fallback is tested on a machine that has a Chromium (`SOFS_BROWSER=npm npm run test:browser`).
 * A browser suite must fail, never skip, when nothing can be launched; the errors say what to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';

/** Flags for every launch, whichever Chromium it is. */
const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @sparticuz/chromium's own flags that are left out: the harness already runs headless, and the others
 * would let a page do what Teams' browser would refuse (a test must not pass only with the npm build).
 */
const NPM_ARGS_LEFT_OUT = ['--headless', '--disable-web-security', '--allow-running-insecure-content'];

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export interface ChromiumChoice {
  executablePath: string;
  /** Where it came from, for messages: "CHROME_PATH", "system" or "npm (@sparticuz/chromium x.y.z)". */
  source: string;
  /** Flags on top of BASE_ARGS. */
  args: string[];
  /** Environment for the browser process, when it needs more than ours. */
  env?: Record<string, string>;
}

type PersistentOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

/**
 * Starts headless Chromium with its profile in `userDataDir` (see the file comment for which one).
 * `options` are playwright's (viewport, locale ...); the executable, flags and environment are set here.
 */
export async function launchChromium(userDataDir: string, options: PersistentOptions = {}): Promise<BrowserContext> {
  const choice = await findChromium();
  if (process.env.SOFS_BROWSER_DEBUG === '1') console.log(`[browser] ${choice.source}: ${choice.executablePath}`);
  const launch: LaunchOptions = {
    executablePath: choice.executablePath,
    headless: true,
    args: mergeArgs(BASE_ARGS, choice.args),
    ...(choice.env ? { env: { ...process.env, ...choice.env } } : {}),
  };
  try {
    return await chromium.launchPersistentContext(userDataDir, { ...options, ...launch });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`Could not start Chromium (${choice.source}, ${choice.executablePath}): ${why}\n${INSTALL_HINT}`, {
      cause: err,
    });
  }
}

const INSTALL_HINT =
  'Set CHROME_PATH to a working Chromium or Chrome binary, or install one (Debian/Ubuntu: apt-get install chromium); ' +
  'with neither, the tests use the Chromium of the @sparticuz/chromium devDependency (Linux x64; `npm install` brings it).';

/** The Chromium to launch: CHROME_PATH, a system one, or the npm one (unpacked if need be). */
export async function findChromium(): Promise<ChromiumChoice> {
  const wanted = process.env.SOFS_BROWSER;
  if (wanted && wanted !== 'npm') {
    throw new Error(`SOFS_BROWSER="${wanted}" is not understood: leave it unset, or set it to "npm".`);
  }
  if (wanted !== 'npm') {
    const fromEnv = process.env.CHROME_PATH;
    if (fromEnv) {
      if (!existsSync(fromEnv)) {
        throw new Error(
          `CHROME_PATH is ${fromEnv}, which does not exist: point it at a Chromium or Chrome binary, or unset it ` +
            'to use a system Chromium or the one that comes with `npm install`.',
        );
      }
      return { executablePath: fromEnv, source: 'CHROME_PATH', args: [] };
    }
    const system = SYSTEM_PATHS.find((p) => existsSync(p));
    if (system) return { executablePath: system, source: 'system', args: [] };
  }
  npmChromium ??= unpackNpmChromium();
  // A failed unpack is retried by the next caller rather than remembered.
  return npmChromium.catch((err) => {
    npmChromium = undefined;
    throw err;
  });
}

let npmChromium: Promise<ChromiumChoice> | undefined;

/** What an earlier unpack on this machine left, so later runs (and parallel jest workers) reuse it. */
interface Unpacked {
  version: string;
  executablePath: string;
  libDir?: string;
}

const READY_FILE = join(tmpdir(), 'sofs-chromium-ready.json');
const LOCK_DIR = join(tmpdir(), 'sofs-chromium.lock');

/**
 * Unpacks @sparticuz/chromium once per machine. Its executablePath() takes any file already at
 * <tmp>/chromium as finished, which a parallel worker's half-written unpack is not: so one process
 * unpacks under a lock directory and the others wait for the ready file it writes last.
 */
async function unpackNpmChromium(): Promise<ChromiumChoice> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chromium found, and the one in @sparticuz/chromium is Linux x64 only (this is ${process.platform} ${process.arch}). ${INSTALL_HINT}`,
    );
  }
  let Chromium: typeof import('@sparticuz/chromium')['default'];
  let version: string;
  let binDir: string;
  try {
    Chromium = (await import('@sparticuz/chromium')).default;
    const main = require.resolve('@sparticuz/chromium');
    const pkgFile = join(dirname(main), '..', '..', 'package.json');
    version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
    binDir = join(dirname(pkgFile), 'bin');
  } catch (err) {
    throw new Error(
      `No Chromium found (CHROME_PATH unset, none of ${SYSTEM_PATHS.slice(0, 3).join(', ')}) and the ` +
        `@sparticuz/chromium devDependency cannot be loaded (${(err as Error).message.split('\n')[0]}). ${INSTALL_HINT}`,
      { cause: err },
    );
  }
  const choice = (u: Unpacked): ChromiumChoice => ({
    executablePath: u.executablePath,
    source: `npm (@sparticuz/chromium ${u.version})`,
    args: Chromium.args.filter((a) => !NPM_ARGS_LEFT_OUT.includes(flagName(a))),
    // Its fonts.conf lists <tmp>/fonts, where the package's Open Sans goes: the same text on every machine.
    env: {
      FONTCONFIG_PATH: join(tmpdir(), 'fonts'),
      ...(u.libDir ? { LD_LIBRARY_PATH: [u.libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {}),
    },
  });

  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = readReady(version);
    if (ready) return choice(ready);
    try {
      mkdirSync(LOCK_DIR);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than a minute belongs to a process that died while unpacking.
      if (lockAge() > 60_000) rmSync(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for another process to unpack Chromium (${LOCK_DIR}).`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const again = readReady(version);
      if (again) return choice(again);
      // Whatever is at <tmp>/chromium may be half written or another version: unpack afresh.
      rmSync(join(tmpdir(), 'chromium'), { force: true });
      const executablePath = await Chromium.executablePath();
      const unpacked: Unpacked = { version, executablePath, libDir: needsOwnLibraries(executablePath, binDir) };
      writeFileSync(`${READY_FILE}.${process.pid}`, JSON.stringify(unpacked));
      renameSync(`${READY_FILE}.${process.pid}`, READY_FILE);
      return choice(unpacked);
    } finally {
      rmSync(LOCK_DIR, { recursive: true, force: true });
    }
  }
}

function readReady(version: string): Unpacked | undefined {
  try {
    const u = JSON.parse(readFileSync(READY_FILE, 'utf8')) as Unpacked;
    if (u.version === version && existsSync(u.executablePath) && (!u.libDir || existsSync(u.libDir))) return u;
  } catch {
    // not unpacked yet
  }
  return undefined;
}

/** Milliseconds since the lock directory was made (0 if it has gone). */
function lockAge(): number {
  try {
    return Date.now() - statSync(LOCK_DIR).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The package's Chromium links to NSS, which a machine that never had a browser lacks. When `ldd` says
 * something is missing (or cannot say), unpack the package's copies (built for Amazon Linux 2023, glibc
 * 2.34+) and return their folder for LD_LIBRARY_PATH; otherwise the system's are used.
 */
function needsOwnLibraries(executablePath: string, binDir: string): string | undefined {
  const ldd = spawnSync('ldd', [executablePath], { encoding: 'utf8' });
  if (!ldd.error && ldd.status === 0 && !/not found/.test(ldd.stdout)) return undefined;
  const target = join(tmpdir(), 'sofs-chromium-libs');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const tarball = brotliDecompressSync(readFileSync(join(binDir, 'al2023.tar.br')));
  const tar = spawnSync('tar', ['-x', '-C', target], { input: tarball });
  if (tar.error || tar.status !== 0) {
    throw new Error(`Could not unpack Chromium's libraries into ${target}: ${tar.error?.message ?? tar.stderr}`);
  }
  return join(target, 'lib');
}

function flagName(arg: string): string {
  return arg.split('=')[0] ?? arg;
}

/** BASE_ARGS then the extras, an extra flag replacing a base flag of the same name. */
function mergeArgs(base: string[], extra: string[]): string[] {
  const extraNames = new Set(extra.map(flagName));
  return [...base.filter((a) => !extraNames.has(flagName(a))), ...extra];
}
