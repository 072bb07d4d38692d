import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs `script` in a fresh Node process (jest's own module loader would bypass the deferral). */
function run(script: string): unknown {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('deferred modules', () => {
  it("loads none of restify's plugins or spdy at start, and loads them when a plugin is used", () => {
    const result = run(`
      require(${JSON.stringify(join(ROOT, 'src', 'teams', 'lazyModules.ts'))});
      const restify = require('restify');
      const loaded = (part) => Object.keys(require.cache).filter((f) => f.includes(part)).length;
      const atStart = { plugins: loaded('restify/lib/plugins/'), spdy: loaded('/spdy/') };
      const server = restify.createServer();
      server.pre(restify.pre.sanitizePath());
      server.use(restify.plugins.bodyParser({ mapParams: false }));
      process.stdout.write(JSON.stringify({ atStart, afterUse: loaded('restify/lib/plugins/') > 0, kinds: typeof restify.plugins.queryParser }));`);
    expect(result).toEqual({ atStart: { plugins: 0, spdy: 0 }, afterUse: true, kinds: 'function' });
  });
});
