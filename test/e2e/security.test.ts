import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { message, TENANT } from '../helpers/activities';
import { AuthStub } from '../helpers/authStub';
import { cardText } from '../helpers/cardCheck';
import { LiveBot, useLiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SERVICE_URL = 'https://smba.example.test/uk/';

describe('inbound authentication, proven offline', () => {
  const auth = new AuthStub();
  let live: LiveBot;
  beforeAll(async () => {
    await auth.start();
    live = new LiveBot({
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'test-only-password',
      BOT_TENANT_ID: TENANT,
      DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
      BOT_OPENID_METADATA_URL: auth.metadataUrl,
    });
    await live.start();
  });
  afterAll(async () => {
    await live.dispose();
    await auth.stop();
  });

  /** A question whose handler would store something (an unanswered glossary question). */
  const storing = () => message('what is MARAC', { serviceUrl: SERVICE_URL });
  const stored = async () => (await live.bot?.deps.store.list('glossary/'))?.length ?? 0;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('accepts a valid token from the channel', async () => {
    const reply = await live.post(message('help', { serviceUrl: SERVICE_URL }), {
      headers: bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL })),
    });
    expect(reply.status).toBe(200);
    expect(cardText(cardsIn(reply.activities)[0])).toContain('What I can help with');
  });

  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['no token', () => ({})],
    [
      'a token expired beyond the 5-minute skew',
      () =>
        bearer(
          auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, exp: now - 301, iat: now - 4000, nbf: now - 4000 }),
        ),
    ],
    [
      'a token for another bot',
      () => bearer(auth.token({ appId: '99999999-0000-0000-0000-000000000000', serviceUrl: SERVICE_URL })),
    ],
    [
      'a token from another issuer',
      () => bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, iss: 'https://issuer.example.test' })),
    ],
    [
      'an unsigned token (alg none)',
      () => bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL }, { alg: 'none' })),
    ],
    ['an HS256 token', () => bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL }, { alg: 'HS256' }))],
    [
      'a serviceurl claim that differs from the activity',
      () => bearer(auth.token({ appId: APP_ID, serviceUrl: 'https://elsewhere.example.test/' })),
    ],
    ['a token signed by another key', () => bearer(new AuthStub().token({ appId: APP_ID, serviceUrl: SERVICE_URL }))],
    [
      'a signed token with no expiry',
      () => bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, exp: undefined })),
    ],
    [
      'a signed token that never expires',
      () => bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, exp: 1e308 })),
    ],
  ])('refuses %s with 401, runs no handler and stores nothing', async (_label, headers) => {
    const before = await stored();
    const reply = await live.post(storing(), { headers: headers() as Record<string, string> });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'unauthorized' });
    expect(reply.activities).toEqual([]);
    expect(await stored()).toBe(before);
    expect(live.logs.text).not.toMatch(/turn failed/);
  });

  it.each([
    ['an emulator-issued token', { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' }],
    ['a v2 emulator token', { iss: 'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0' }],
    [
      'a skill-shaped token',
      { iss: 'https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/v2.0', appid: APP_ID, ver: '2.0' },
    ],
    ['a token with an RS256 header but no signature', { sig: '' }],
  ])('refuses %s with 401 without fetching any signing keys', async (label, claims) => {
    const before = auth.hits;
    const token = auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, ...claims });
    const sent = label.includes('no signature') ? token.slice(0, token.lastIndexOf('.') + 1) : token;
    const reply = await live.post(storing(), { headers: bearer(sent) });
    expect(reply.status).toBe(401);
    expect(auth.hits).toBe(before);
  });

  it('ignores a valid token from a tenant that is not allowed: no reply, nothing stored', async () => {
    const before = await stored();
    const other = message('what is MARAC', {
      serviceUrl: SERVICE_URL,
      tenantId: '00000000-aaaa-bbbb-cccc-000000000000',
    });
    const reply = await live.post(other, { headers: bearer(auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL })) });
    expect(reply.status).toBe(200);
    expect(reply.activities).toEqual([]);
    expect(await stored()).toBe(before);
    expect(live.logs.text).toMatch(/tenant that is not allowed/);
    expect(live.logs.text).not.toContain('MARAC');
  });
});

describe('reliability over real HTTP', () => {
  const { connector, live } = useLiveBot();
  beforeEach(() => connector.reset());

  it('answers a message Teams delivers twice only once', async () => {
    const activity = message('help', { serviceUrl: connector.url });
    await live.post(activity, { expectReplies: false });
    await live.post(activity, { expectReplies: false });
    expect(connector.of('POST')).toHaveLength(1);
  });

  it('answers with JSON, its Content-Length counting the bytes (a term card, twice: made, then kept)', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${live.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message("what's a danger statement"), deliveryMode: 'expectReplies' }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      const body = JSON.parse(bytes.toString('utf8')) as { activities: { attachments?: { content?: unknown }[] }[] };
      expect(JSON.stringify(body)).toBe(bytes.toString('utf8'));
      expect(JSON.stringify(body.activities[0]?.attachments?.[0]?.content)).toContain('Danger statement');
    }
  });

  it('still answers a message Teams delivers twice only once when the bot restarted in between', async () => {
    const activity = message('help', { serviceUrl: connector.url });
    await live.post(activity, { expectReplies: false });
    await live.restart();
    await live.post(activity, { expectReplies: false });
    expect(connector.of('POST')).toHaveLength(1);
  });

  it('retries a reply the connector throttles (429, 502, 504) and delivers it exactly once', async () => {
    connector.failures = [{ status: 429, retryAfter: '1' }, { status: 502 }, { status: 504 }];
    const reply = await live.post(message('help', { serviceUrl: connector.url }), { expectReplies: false });
    expect(reply.status).toBe(200);
    const posts = connector.of('POST');
    expect(posts).toHaveLength(4);
    // Retry-After was honoured before the second attempt.
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(connector.failures).toEqual([]);
  }, 60_000);

  it('never sends more than Teams allows to one conversation', async () => {
    const conversationId = 'a:rate-limited';
    await Promise.all(
      Array.from({ length: 12 }, () =>
        live.post(message('help', { serviceUrl: connector.url, conversationId }), { expectReplies: false }),
      ),
    );
    // Replies only: nothing else (such as a stray typing indicator) may be sent.
    expect(connector.of('POST').map((c) => (c.body as { type?: string }).type)).toEqual(Array(12).fill('message'));
    const times = connector
      .of('POST')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(12);
    // Arrival times carry event-loop jitter on a loaded machine (the exact windows are unit-tested with a
    // fake clock): unpaced, all twelve would arrive within a few milliseconds of each other.
    const JITTER = 200;
    for (let i = 7; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 7] ?? 0)).toBeGreaterThanOrEqual(1000 - JITTER);
    for (let i = 8; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 8] ?? 0)).toBeGreaterThanOrEqual(2000 - JITTER);
  }, 60_000);
});

describe('when the signing keys cannot be fetched', () => {
  const auth = new AuthStub();
  let live: LiveBot;
  beforeAll(async () => {
    live = new LiveBot({
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'test-only-password',
      BOT_TENANT_ID: TENANT,
      DATA_KEY: Buffer.alloc(32, 4).toString('base64'),
      // Nothing listens on port 9 (discard) here: the metadata fetch fails at once.
      BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    });
    await live.start();
  });
  afterAll(() => live.dispose());

  it('answers a well-formed channel token with 503 and Retry-After, not 500', async () => {
    const res = await fetch(`${live.url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL })}`,
      },
      body: JSON.stringify({ ...message('help', { serviceUrl: SERVICE_URL }), deliveryMode: 'expectReplies' }),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toEqual({ error: 'unavailable' });
  });

  it('still answers a token it would never accept with 401', async () => {
    const token = auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL, iss: 'https://sts.windows.net/x/' });
    const reply = await live.post(message('help', { serviceUrl: SERVICE_URL }), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reply.status).toBe(401);
  });
});

describe('while the signing keys stay unavailable', () => {
  const auth = new AuthStub();
  let keys: Server;
  let tries = 0;
  let live: LiveBot;
  beforeAll(async () => {
    // Microsoft's metadata endpoint failing: every fetch answered 500, and counted.
    keys = createServer((_req, res) => {
      tries++;
      res.statusCode = 500;
      res.end('{}');
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    const { port } = keys.address() as AddressInfo;
    live = new LiveBot({
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'test-only-password',
      BOT_TENANT_ID: TENANT,
      DATA_KEY: Buffer.alloc(32, 6).toString('base64'),
      BOT_OPENID_METADATA_URL: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    });
    await live.start();
  });
  afterAll(async () => {
    await live.dispose();
    await new Promise((resolve) => keys.close(resolve));
  });

  it('tries the download once per wait it asks for, and logs it once, however many requests come, at once or in turn', async () => {
    // A well-formed channel token with a key id of its own each time, as a forger could send.
    const send = async (i: number) => {
      const token = auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL }, { kid: `made-up-${i}` });
      const res = await fetch(`${live.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...message('help', { serviceUrl: SERVICE_URL }), deliveryMode: 'expectReplies' }),
      });
      await res.text();
      return { status: res.status, retryAfter: Number(res.headers.get('retry-after')) };
    };
    // Twenty at the same moment (they wait for the first one's outcome), then twelve one after another.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i)));
    for (let i = 20; i < 32; i++) answers.push(await send(i));
    expect(answers).toHaveLength(32);
    expect(answers.every((a) => a.status === 503 && a.retryAfter >= 1 && a.retryAfter <= 30)).toBe(true);
    expect(tries).toBe(1);
    expect(live.logs.lines.filter((l) => l.includes('signing keys unavailable'))).toHaveLength(1);
  });
});
