import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { message, TENANT } from '../helpers/activities';
import { AuthStub } from '../helpers/authStub';
import { ChildBot } from '../helpers/childBot';

interface Raw {
  status: number;
  text: string;
}

/** One raw HTTP request with full control of headers (fetch would fix Host and Content-Length). */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/api/messages',
        headers: options.headers,
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => resolve({ status: -1, text: String((err as { code?: string }).code ?? err) }));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = (body: unknown) => JSON.stringify({ ...(body as object), deliveryMode: 'expectReplies' });
const help = json(message('help'));
const jsonHeaders = { 'content-type': 'application/json' };

let bomb: Buffer | undefined;

/** Hostile requests aimed at the parser, the limits and local mode, with the status each must get. */
function catalogue(): [string, Parameters<typeof send>[1], number][] {
  bomb ??= gzipSync(Buffer.alloc(250 * 1024 * 1024, 32));
  const deep = `{"type":"message","channelId":"msteams","serviceUrl":"https://smba.example.test/","recipient":{"id":"b"},"conversation":{"id":"c"},"from":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
  const boundary = '----sofs';
  const multipart = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="evil.txt"',
    'Content-Type: text/plain',
    '',
    'x'.repeat(50_000),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return [
    ['gzip that is not gzip', { headers: { ...jsonHeaders, 'content-encoding': 'gzip' }, body: help }, 415],
    [
      'a real gzip bomb (249 KB of spaces, ~250 MB inflated)',
      { headers: { ...jsonHeaders, 'content-encoding': 'gzip' }, body: bomb },
      415,
    ],
    [
      'a 1 MB activity as 1 KB of deflate',
      {
        headers: { ...jsonHeaders, 'content-encoding': 'deflate' },
        body: gzipSync(json({ ...message('help'), text: 'x'.repeat(1024 * 1024) })),
      },
      415,
    ],
    ['brotli', { headers: { ...jsonHeaders, 'content-encoding': 'br' }, body: help }, 415],
    ['identity encoding is fine', { headers: { ...jsonHeaders, 'content-encoding': 'identity' }, body: help }, 200],
    [
      'a multipart upload with no token',
      { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart },
      415,
    ],
    ['form encoding', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, 415],
    ['no content type', { headers: {}, body: help }, 415],
    ['JSON in another charset', { headers: { 'content-type': 'application/json; charset=latin1' }, body: help }, 415],
    ['bytes that are not UTF-8', { headers: jsonHeaders, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, 400],
    ['JSON nested 5,000 deep', { headers: jsonHeaders, body: deep }, 400],
    [
      'a body over the limit with no Content-Length (chunked)',
      { headers: { ...jsonHeaders, 'transfer-encoding': 'chunked' }, body: json({ text: 'x'.repeat(400 * 1024) }) },
      413,
    ],
    [
      'a Content-Length over the limit',
      { headers: { ...jsonHeaders, 'content-length': String(10 * 1024 * 1024) }, body: '{}' },
      413,
    ],
    [
      'a javascript: service URL',
      { headers: jsonHeaders, body: json({ ...message('help'), serviceUrl: 'javascript:alert(1)//' }) },
      400,
    ],
    [
      'a file: service URL',
      { headers: jsonHeaders, body: json({ ...message('help'), serviceUrl: 'file:///etc/passwd' }) },
      400,
    ],
    [
      'a foreign Host header (DNS rebinding)',
      { headers: { ...jsonHeaders, host: 'attacker.example' }, body: help },
      403,
    ],
    ['GET on the messages endpoint', { method: 'GET', headers: {} }, 405],
    ['an unknown path', { path: '/admin', headers: jsonHeaders, body: help }, 404],
  ];
}

describe('no input ends the process (a real bot process)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sofs-hostile-'));
  const uploads = join(tmp, 'tmp');
  mkdirSync(uploads);
  const bot = new ChildBot({ DATA_DIR: join(tmp, 'data'), TMPDIR: uploads });
  let port = 0;
  beforeAll(async () => {
    port = await bot.start();
  }, 60_000);
  afterAll(async () => {
    await bot.stop('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it.each(catalogue())('answers %s with the right status and stays up', async (_label, options, status) => {
    const reply = await send(port, options);
    expect(reply.status).toBe(status);
    expect(reply.text).not.toMatch(/at [\w.<>]+ \(|node_modules|Error:|stack/);
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('answers the whole catalogue fired at once, then /healthz, and writes nothing to TMPDIR', async () => {
    const all = catalogue();
    const replies = await Promise.all(all.map(([, options]) => send(port, options)));
    expect(replies.map((r) => r.status)).toEqual(all.map(([, , status]) => status));
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await send(port, { headers: jsonHeaders, body: help })).status).toBe(200);
    // tsx (which runs the bot from source here) keeps its compile cache in TMPDIR; nothing else may appear.
    expect(readdirSync(uploads).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
    expect(bot.output).not.toMatch(/upload_|Unhandled|uncaught/i);
  }, 60_000);

  it('writes only JSON lines, none carrying a body', () => {
    const lines = bot.output.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(bot.output).not.toContain('evil.txt');
  });
});

describe('a missing TMPDIR does not matter', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sofs-notmp-'));
  const bot = new ChildBot({ DATA_DIR: join(tmp, 'data'), TMPDIR: join(tmp, 'does-not-exist') });
  let port = 0;
  beforeAll(async () => {
    port = await bot.start();
  }, 60_000);
  afterAll(async () => {
    await bot.stop('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a multipart upload and keeps serving', async () => {
    const reply = await send(port, {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nabc\r\n--x--\r\n',
    });
    expect(reply.status).toBe(415);
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});

describe('every line an authenticated bot process writes is redacted JSON', () => {
  const auth = new AuthStub();
  const tmp = mkdtempSync(join(tmpdir(), 'sofs-logs-'));
  const appId = '11111111-2222-3333-4444-555555555555';
  const serviceUrl = 'https://smba.example.test/uk/';
  let bot: ChildBot;
  let port = 0;
  beforeAll(async () => {
    await auth.start();
    bot = new ChildBot({
      DATA_DIR: join(tmp, 'data'),
      BOT_ID: appId,
      BOT_PASSWORD: 'test-only-password',
      BOT_TENANT_ID: TENANT,
      DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
      BOT_OPENID_METADATA_URL: auth.metadataUrl,
      LOG_LEVEL: 'debug',
    });
    port = await bot.start();
  }, 60_000);
  afterAll(async () => {
    await bot.stop('SIGKILL');
    await auth.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('accepts a valid token in a bot process of its own, where the token modules are loaded on first use', async () => {
    const reply = await send(port, {
      headers: { ...jsonHeaders, authorization: `Bearer ${auth.token({ appId, serviceUrl })}` },
      body: json(message('help', { serviceUrl })),
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('What I can help with');
  });

  it('logs token failures (which botbuilder prints with stacks and public keys) as JSON without them', async () => {
    const now = Math.floor(Date.now() / 1000);
    const canary = 'CANARY-log-body-5521';
    const bodies = [
      auth.token({ appId, serviceUrl, exp: now - 400, iat: now - 4000, nbf: now - 4000 }),
      new AuthStub().token({ appId, serviceUrl }),
      auth.token({ appId, serviceUrl: 'https://elsewhere.example.test/' }),
    ];
    for (const token of bodies) {
      const reply = await send(port, {
        headers: { ...jsonHeaders, authorization: `Bearer ${token}` },
        body: json(message(`what is ${canary}`, { serviceUrl })),
      });
      expect(reply.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 200));
    const lines = bot.output.split('\n').filter((l) => l.trim());
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(bot.output).not.toMatch(/BEGIN PUBLIC KEY|"n":"|Available keys|TokenExpiredError: /);
    expect(bot.output).not.toContain(canary);
  });
});
