/**
 * A V8 code cache for the CommonJS modules the bot loads (Node 22's `module.enableCompileCache()`,
 * which Node 20 lacks). On this 2-core machine a third of a cold start was V8 compiling the ~1,500
 * files of botbuilder, restify, adaptive-expressions and the bot; with the cache a restart reads
 * their compiled code instead. See README, Performance.
 *
 * Safe by construction: an entry is keyed by the SHA-1 of the module's source, so a changed file
 * never gets another's code (and V8 rejects a cache made by another V8); the folder is the user's
 * own (mode 700, owner checked) next to the built code (dist/.compile-cache); anything that goes wrong (no folder, a
 * corrupt file) just compiles as Node would. Only code is cached, never data. COMPILE_CACHE=off turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

type Compile = (this: NodeModule & { require: NodeJS.Require }, content: string, filename: string) => unknown;
const proto = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
const moduleStatics = Module as unknown as {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: unknown): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
  wrap(source: string): string;
};

const mainModule = require.main;

/** When the cache is written (only what is new since the last write): after start-up and after the first turns. */
const SAVE_AFTER_MS = [5_000, 20_000];

function cacheFolder(): string | undefined {
  // Built code only (dist/src/compileCache.js -> dist/.compile-cache): run from source, tsx compiles.
  if (!__filename.endsWith('.js')) return undefined;
  return join(__dirname, '..', '.compile-cache', process.version);
}

/** The folder must be this user's own and closed to others: someone else's could hold planted code. */
function safeFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const s = statSync(folder);
    return s.uid === userInfo().uid && (s.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

export interface CompileCache {
  /** Writes what was compiled since the last write (also done on timers and at exit). */
  save(): void;
  /** Modules compiled from the cache, and compiled afresh, since it was enabled. */
  stats(): { hits: number; misses: number };
  /** Puts Node's own compile back (tests). */
  disable(): void;
}

/** Installs the cache for every CommonJS module loaded from now on; undefined when it is off. */
export function enableCompileCache(
  env: Record<string, string | undefined> = process.env,
  folder: string | undefined = cacheFolder(),
): CompileCache | undefined {
  if (env.COMPILE_CACHE === 'off' || !folder || !safeFolder(folder)) return undefined;
  let hits = 0;
  let misses = 0;
  const file = join(folder, 'code.cache');
  let { blob, index } = readCache(file);
  /** Entries V8 accepted this run (kept at the next save; the rest are dropped, so the file does not grow). */
  const used = new Set<string>();
  /** Scripts compiled without a usable entry this run, to be cached when the timer fires. */
  const fresh = new Map<string, Script>();
  const original = proto._compile;

  proto._compile = function compile(content, filename) {
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const key = createHash('sha1').update(filename).update('\0').update(source).digest('hex');
    const entry = index[key];
    let script: Script;
    try {
      script = new Script(moduleStatics.wrap(source), {
        filename,
        cachedData: entry ? blob.subarray(entry[0], entry[0] + entry[1]) : undefined,
        importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // A syntax error, or anything unusual: Node's own path reports it as it always would.
      return original.call(this, content, filename);
    }
    if (!entry || script.cachedDataRejected) {
      fresh.set(key, script);
      misses++;
    } else {
      used.add(key);
      hits++;
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = ((id: string) => this.require(id)) as NodeJS.Require;
    require.resolve = ((request: string, options?: unknown) =>
      moduleStatics._resolveFilename(request, this, false, options)) as NodeJS.RequireResolve;
    require.resolve.paths = (request: string) => moduleStatics._resolveLookupPaths(request, this);
    require.main = mainModule;
    require.extensions = moduleStatics._extensions;
    require.cache = moduleStatics._cache;
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  const save = () => {
    if (fresh.size === 0) return;
    try {
      const parts: Buffer[] = [];
      const next: Record<string, [number, number]> = {};
      let offset = 0;
      const add = (key: string, data: Buffer) => {
        next[key] = [offset, data.length];
        parts.push(data);
        offset += data.length;
      };
      for (const key of used) {
        const [start, length] = index[key] as [number, number];
        add(key, blob.subarray(start, start + length));
      }
      for (const [key, script] of fresh) add(key, script.createCachedData());
      fresh.clear();
      blob = Buffer.concat(parts);
      index = next;
      for (const key of Object.keys(next)) used.add(key);
      const sha256 = createHash('sha256').update(blob).digest('hex');
      const head = Buffer.from(JSON.stringify({ sha256, index: next } satisfies CacheHead));
      const size = Buffer.alloc(4);
      size.writeUInt32LE(head.length);
      // One file, written aside and renamed: an instance starting meanwhile reads a whole old or new one.
      const aside = `${file}.${process.pid}.tmp`;
      writeFileSync(aside, Buffer.concat([size, head, blob]), { mode: 0o600 });
      renameSync(aside, file);
    } catch {
      // A cache that cannot be written only costs the next start its speed.
    }
  };
  // Soon after start (what a restart needs), again once the first turns have loaded the rest, and at exit.
  const disable = () => {
    proto._compile = original;
    for (const t of timers) clearTimeout(t);
    process.off('exit', save);
    // The code read from the file (megabytes) is no longer needed.
    blob = Buffer.alloc(0);
    index = {};
    used.clear();
    fresh.clear();
  };
  // After the last write the modules left to load are few: Node compiles them itself and the cache is freed.
  const last = SAVE_AFTER_MS.length - 1;
  const timers = SAVE_AFTER_MS.map((ms, i) =>
    setTimeout(() => {
      save();
      if (i === last) disable();
    }, ms).unref(),
  );
  process.once('exit', save);
  return { save, stats: () => ({ hits, misses }), disable };
}

/**
 * The cache file: a 4-byte header length, the header (the code's SHA-256 and an index of key ->
 * offset, length), the code. A file whose code does not match its hash is ignored: V8 does not check
 * the code it is given, and a torn or corrupt entry could crash the process.
 */
function readCache(file: string): { blob: Buffer; index: Record<string, [number, number]> } {
  try {
    const whole = readFileSync(file);
    const length = whole.readUInt32LE(0);
    const head = JSON.parse(whole.subarray(4, 4 + length).toString('utf8')) as CacheHead;
    const blob = whole.subarray(4 + length);
    if (head.sha256 !== createHash('sha256').update(blob).digest('hex')) throw new Error('corrupt');
    return { blob, index: head.index };
  } catch {
    return { blob: Buffer.alloc(0), index: {} };
  }
}

interface CacheHead {
  sha256: string;
  index: Record<string, [number, number]>;
}
