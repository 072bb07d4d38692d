import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(__dirname, '..', '..', 'src', 'compileCache.ts');

/** Enables the cache in a fresh Node process (jest's loader would hide it), loads a module, and says what happened. */
function run(dir: string, env: Record<string, string> = {}): string {
  const script = `
    const { enableCompileCache } = require(${JSON.stringify(SOURCE)});
    const state = enableCompileCache(${JSON.stringify(env)}, ${JSON.stringify(dir)});
    require('zod');
    require('node:module').flushCompileCache?.();
    process.stdout.write(state);`;
  return execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
}

describe("Node's compile cache at start-up", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compile-cache-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const nodeHasIt =
    typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';

  it(`is ${nodeHasIt ? 'enabled, and writes compiled code only to the folder it is given' : 'reported unavailable on this Node (no enableCompileCache), writing nothing'}`, () => {
    const state = run(join(dir, 'cache'));
    expect(state).toBe(nodeHasIt ? 'enabled' : 'unavailable');
    expect(existsSync(join(dir, 'cache')) && readdirSync(join(dir, 'cache')).length > 0).toBe(nodeHasIt);
  });

  it('is off with COMPILE_CACHE=off, and writes nothing', () => {
    expect(run(join(dir, 'cache'), { COMPILE_CACHE: 'off' })).toBe('off');
    expect(existsSync(join(dir, 'cache'))).toBe(false);
  });
});
