import { installed, message } from '../helpers/activities';
import { cardText } from '../helpers/cardCheck';
import { LiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

describe('the bot over real HTTP (local mode)', () => {
  const live = new LiveBot();
  beforeAll(() => live.start());
  afterAll(() => live.dispose());

  it('reports healthy', async () => {
    const res = await fetch(`${live.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers help with the help card', async () => {
    const reply = await live.post(message('help'));
    expect(reply.status).toBe(200);
    expect(cardText(cardsIn(reply.activities)[0])).toContain('What I can help with');
  });

  it('welcomes on install', async () => {
    const reply = await live.post(installed());
    expect(cardText(cardsIn(reply.activities)[0])).toContain('Welcome to SofS Companion');
  });

  it('refuses a body that is not JSON with 400 and a body that says nothing more', async () => {
    const reply = await live.raw('{"type": "message", oops');
    expect(reply).toMatchObject({ status: 400, body: { error: 'bad-request' } });
  });

  it('refuses non-JSON content types with 415', async () => {
    const res = await fetch(`${live.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'help',
    });
    expect(res.status).toBe(415);
  });

  it('refuses an oversize body with 413', async () => {
    const huge = JSON.stringify({ ...message('help'), text: 'x'.repeat(400 * 1024) });
    const reply = await live.raw(huge);
    expect(reply).toMatchObject({ status: 413, body: { error: 'payload-too-large' } });
  });

  it.each([
    ['no type', (a: Record<string, unknown>) => delete a.type],
    ['no recipient', (a: Record<string, unknown>) => delete a.recipient],
    ['no conversation', (a: Record<string, unknown>) => delete a.conversation],
    ['no from', (a: Record<string, unknown>) => delete a.from],
    ['a bad serviceUrl', (a: Record<string, unknown>) => (a.serviceUrl = 'not a url')],
    ['an array body', (a: Record<string, unknown>) => Object.assign(a, { 0: 1 })],
  ])('refuses an activity with %s with 400, and keeps serving', async (_label, mutate) => {
    const activity = message('help') as Record<string, unknown>;
    mutate(activity);
    const body = _label === 'an array body' ? '[1,2]' : JSON.stringify(activity);
    expect((await live.raw(body)).status).toBe(400);
    expect((await live.post(message('help'))).status).toBe(200);
  });

  it('answers GET on the messages endpoint with 405, not a stack trace', async () => {
    const res = await fetch(`${live.url}/api/messages`);
    expect([404, 405]).toContain(res.status);
    expect(await res.text()).not.toMatch(/at .*\.js|Error:/);
  });
});

describe('the bot over real HTTP (authenticated mode)', () => {
  const live = new LiveBot({
    BOT_ID: '11111111-2222-3333-4444-555555555555',
    BOT_PASSWORD: 'test-only-password',
    BOT_TENANT_ID: '99999999-8888-7777-6666-555555555555',
    DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  });
  beforeAll(() => live.start());
  afterAll(() => live.dispose());

  it('listens on all interfaces', () => {
    expect(live.bot?.config.host).toBe('0.0.0.0');
  });

  it('refuses a request with no token with 401 and sends no reply', async () => {
    const reply = await live.post(message('help'));
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'unauthorized' });
    expect(reply.activities).toEqual([]);
  });

  it('refuses a made-up token with 401', async () => {
    const reply = await live.post(message('help'), { headers: { authorization: 'Bearer not.a.token' } });
    expect(reply.status).toBe(401);
  });
});
