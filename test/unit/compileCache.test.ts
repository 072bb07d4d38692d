import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(__dirname, '..', '..', 'src', 'compileCache.ts');

/**
 * Loads `file` in a fresh Node process (jest's own module loader would bypass the cache) with the
 * cache enabled on `folder`, writes the cache, and gives the module's export and the cache's counts.
 */
function run(file: string, folder: string, env: Record<string, string> = {}): { value: unknown; stats: unknown } {
  const script = `
    const { enableCompileCache } = require(${JSON.stringify(SOURCE)});
    const cache = enableCompileCache(${JSON.stringify(env)}, ${JSON.stringify(folder)});
    const value = require(${JSON.stringify(file)});
    cache?.save();
    process.stdout.write(JSON.stringify({ value, stats: cache ? cache.stats() : 'off' }));`;
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('compile cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compile-cache-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles a module afresh once, then from the cache, with the same exports and its own require', () => {
    const file = join(dir, 'mod.js');
    writeFileSync(
      file,
      "const { join } = require('node:path');\nmodule.exports = join('a', require.resolve('./mod.js'));\n",
    );
    const folder = join(dir, 'cache');
    const first = run(file, folder);
    expect(first).toEqual({ value: join('a', file), stats: { hits: 0, misses: 1 } });
    expect(run(file, folder)).toEqual({ value: join('a', file), stats: { hits: 1, misses: 0 } });
  });

  it('never uses a changed file’s old code, even of the same length', () => {
    const file = join(dir, 'mod.js');
    const folder = join(dir, 'cache');
    writeFileSync(file, 'module.exports = 1;\n');
    expect(run(file, folder)).toEqual({ value: 1, stats: { hits: 0, misses: 1 } });
    writeFileSync(file, 'module.exports = 2;\n');
    expect(run(file, folder)).toEqual({ value: 2, stats: { hits: 0, misses: 1 } });
  });

  it('compiles as Node does when the cache file is corrupt, and is off with COMPILE_CACHE=off', () => {
    const file = join(dir, 'mod.js');
    const folder = join(dir, 'cache');
    writeFileSync(file, 'module.exports = 3;\n');
    run(file, folder);
    const cacheFile = join(folder, 'code.cache');
    const bytes = readFileSync(cacheFile);
    bytes.fill(7, bytes.length - 32);
    writeFileSync(cacheFile, bytes);
    expect(run(file, folder)).toMatchObject({ value: 3, stats: { hits: 0, misses: 1 } });
    expect(run(file, folder, { COMPILE_CACHE: 'off' })).toEqual({ value: 3, stats: 'off' });
  });
});
