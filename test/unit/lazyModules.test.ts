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

describe('modules only authenticated mode or a first free-text check needs', () => {
  it('loads jsonwebtoken, node-fetch, cross-fetch and libphonenumber-js only when first used', () => {
    const result = run(`
      require(${JSON.stringify(join(ROOT, 'src', 'teams', 'lazyModules.ts'))});
      const connector = require('botframework-connector');
      const identifiers = require(${JSON.stringify(join(ROOT, 'src', 'privacy', 'identifiers.ts'))});
      const loaded = (part) => Object.keys(require.cache).some((f) => f.includes('/node_modules/' + part + '/'));
      const names = ['jsonwebtoken', 'node-fetch', 'cross-fetch', 'libphonenumber-js'];
      const atStart = names.filter(loaded);
      // A token's issuer is read with jsonwebtoken's decode: the real module behind the stand-in.
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
      const claims = Buffer.from(JSON.stringify({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0' })).toString('base64url');
      const fromEmulator = connector.EmulatorValidation.isTokenFromEmulator('Bearer ' + header + '.' + claims + '.c2ln');
      const phone = identifiers.findIdentifiers('ring me on 07700 900123').map((h) => h.kind);
      process.stdout.write(JSON.stringify({ atStart, fromEmulator, phone, afterUse: names.filter(loaded) }));`);
    expect(result).toEqual({
      atStart: [],
      fromEmulator: true,
      phone: ['phone'],
      afterUse: ['jsonwebtoken', 'libphonenumber-js'],
    });
  });
});
