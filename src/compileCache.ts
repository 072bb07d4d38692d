import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { projectRoot } from './paths';

export type CompileCacheState = 'enabled' | 'off' | 'unavailable' | 'failed';

/**
 * Node's own compile cache (`module.enableCompileCache`, Node 22.1 and later): the compiled code of
 * every module loaded after this call is kept beside the built code (`dist/.compile-cache`, never
 * TMPDIR) and reused by the next start, which then skips compiling botbuilder, restify and the rest.
 * Only code is kept, never data. Node 20 has no such cache and starts as before (it is past its end of
 * life: the bot is not given a hand-made one). `COMPILE_CACHE=off` turns it off.
 */
export function enableCompileCache(
  env: Record<string, string | undefined> = process.env,
  dir = join(projectRoot(), 'dist', '.compile-cache'),
): CompileCacheState {
  if (env.COMPILE_CACHE === 'off') return 'off';
  const api = nodeModule as unknown as {
    enableCompileCache?: (dir?: string) => { status: number };
    constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
  };
  if (typeof api.enableCompileCache !== 'function') return 'unavailable';
  const { status } = api.enableCompileCache(dir);
  const ok = api.constants?.compileCacheStatus;
  return ok && (status === ok.ENABLED || status === ok.ALREADY_ENABLED) ? 'enabled' : 'failed';
}
