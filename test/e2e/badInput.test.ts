import { execute, message } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { type HttpReply, LiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

/** What a reply must look like for a hostile or broken input. */
type Expect = { status: number; says?: RegExp; silent?: boolean } | ((reply: HttpReply) => void);

const CONVERSATION = 'a:bad-input';
const where = { conversationId: CONVERSATION };
const replyText = (reply: HttpReply) =>
  [
    ...reply.activities.map((a) => String(a.text ?? '')),
    ...cardsIn(reply.activities).map(cardText),
    JSON.stringify(LiveBot.invokeOf(reply)?.body ?? ''),
  ].join('\n');

describe('a catalogue of hostile and broken inputs', () => {
  const live = new LiveBot();
  let sid = '';
  let rev = 0;

  beforeAll(async () => {
    await live.start();
    const started = await live.post(execute('mapping.start', { label: 'Safe case' }, where));
    const card = (LiveBot.invokeOf(started)?.body as { value?: unknown } | undefined)?.value;
    const add = cardActions(card).find((a) => a.verb === 'mapping.add')?.data ?? {};
    sid = String(add.sid);
    rev = Number(add.rev);
    await live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items: 'the original item' }, where));
  });
  afterAll(() => live.dispose());

  const cases: [string, () => Promise<HttpReply>, Expect][] = [
    ['malformed JSON', () => live.raw('{"type":"message",'), { status: 400 }],
    ['an empty body', () => live.raw(''), { status: 400 }],
    ['JSON that is a string', () => live.raw('"help"'), { status: 400 }],
    ['a body of nulls', () => live.raw('{"type":null,"from":null,"recipient":null}'), { status: 400 }],
    [
      'a missing conversation',
      () => live.raw(JSON.stringify({ ...message('help'), conversation: undefined })),
      { status: 400 },
    ],
    [
      'an unknown activity type',
      () => live.post({ ...message('help', where), type: 'somethingNew' }),
      { status: 200, silent: true },
    ],
    [
      'an unknown invoke',
      () => live.post({ ...message('x', where), type: 'invoke', name: 'made/up', text: undefined }),
      (r) => expect([200, 501]).toContain(r.status),
    ],
    [
      'a card action with no verb',
      () => live.post({ ...message('x', where), text: undefined, value: { nothing: true } }),
      { status: 200, silent: true },
    ],
    [
      'text over the size the bot reads',
      () => live.post(message('x'.repeat(5000), where)),
      { status: 200, says: /longer than I can take/ },
    ],
    ['text over the request limit', () => live.post(message('x'.repeat(300_000), where)), { status: 413 }],
    [
      'script and markup in a question',
      () => live.post(message('<script>alert(1)</script><img src=x onerror=alert(1)>', where)),
      { status: 200, says: /I don't have that term yet|Did you mean/ },
    ],
    [
      'zero-width and right-to-left characters',
      () => live.post(message('\u200b\u202ehelp\u202c', where)),
      { status: 200, says: /What I can help with/ },
    ],
    ['emoji and combining marks', () => live.post(message('🙂 dan\u0301ger statement 🙂', where)), { status: 200 }],
    ['a NUL character', () => live.post(message('safety\u0000 plan', where)), { status: 200 }],
    [
      'a lone surrogate',
      () =>
        live.raw(
          `{"type":"message","id":"s1","channelId":"msteams","serviceUrl":"https://smba.example.test/","from":{"id":"u"},"recipient":{"id":"b"},"conversation":{"id":"${CONVERSATION}"},"text":"\\ud800 help","deliveryMode":"expectReplies"}`,
        ),
      { status: 200 },
    ],
    [
      'a forged session id',
      () =>
        live.post(
          execute(
            'mapping.add',
            { sid: 'forged', rev, question: 'worries', subheading: 'past-harm', items: 'forged item' },
            where,
          ),
        ),
      { status: 200, says: /closed, replaced or deleted/ },
    ],
    [
      'a forged verb',
      () => live.post(execute('mapping.dropTables', { sid, rev }, where)),
      { status: 200, says: /couldn't read what that card sent/ },
    ],
    [
      'a verb for a feature that does not exist',
      () => live.post(execute('admin.wipe', { all: true }, where)),
      { status: 200, says: /isn't one I recognise/ },
    ],
    [
      'a payload of the wrong types',
      () => live.post(execute('mapping.add', { sid: { $gt: '' }, rev: [1], question: 7, items: { a: 1 } }, where)),
      { status: 200, says: /couldn't read what that card sent/ },
    ],
    [
      'a prototype-pollution payload',
      () =>
        live.raw(
          JSON.stringify({ ...execute('mapping.next', { sid, rev }, where), deliveryMode: 'expectReplies' }).replace(
            '"verb":"mapping.next"',
            '"verb":"mapping.next","__proto__":{"polluted":true}',
          ),
        ),
      { status: 200 },
    ],
    [
      'an out-of-range score',
      () => live.post(execute('mapping.score', { sid, score: '99', reason: 'r' }, where)),
      { status: 200, says: /whole number from 0 to 10/ },
    ],
    [
      'a huge number of items at once',
      () =>
        live.post(
          execute(
            'mapping.add',
            { sid, rev, question: 'worries', subheading: 'past-harm', items: Array(40).fill('x y z').join('\n') },
            where,
          ),
        ),
      { status: 200, says: /up to 20 items at once/ },
    ],
  ];

  it.each(cases)('handles %s', async (_label, send, expectation) => {
    const reply = await send();
    if (typeof expectation === 'function') expectation(reply);
    else {
      expect(reply.status).toBe(expectation.status);
      if (expectation.says) expect(replyText(reply)).toMatch(expectation.says);
      if (expectation.silent) expect(reply.activities).toEqual([]);
    }
    const body = JSON.stringify(reply.body ?? '');
    expect(body).not.toMatch(/at [\w.<>]+ \(|node_modules|Error:|stack/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves the map exactly as it was', async () => {
    const summary = cardText(cardsIn((await live.post(message('summary', where))).activities)[0]);
    expect(summary).toContain('the original item');
    expect(summary).not.toContain('forged item');
    expect((await fetch(`${live.url}/healthz`)).status).toBe(200);
  });
});
