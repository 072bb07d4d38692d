import { sealJson, toJson } from '../../src/http/json';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const card = (title: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: title, wrap: true }],
  actions: [{ type: 'Action.Execute', verb: 'glossary.show', data: { id: 'x', n: 1 } }],
});

describe('answer JSON with sealed cards spliced in', () => {
  const sealedCard = sealJson(card('Danger statement — “kept”'));
  const values: [string, unknown][] = [
    ['primitives', [1, -0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY, true, false, null, 'a"b\\c\n\u2028é😀']],
    ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1], e: 1 }],
    [
      'a date, a toJSON and a class instance',
      { at: new Date(Date.UTC(2025, 0, 2)), p: new Point(1, 2), t: { toJSON: () => ({ v: [1] }) } },
    ],
    ['odd keys', { '': 1, 'quote"key': 2, 10: 'ten', 2: 'two', é: 3 }],
    ['an empty envelope', { activities: [] }],
    [
      'a message with a sealed card',
      {
        activities: [
          {
            type: 'message',
            attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: sealedCard }],
            summary: 'Danger statement',
            conversation: { id: 'a:1' },
            timestamp: new Date(0),
            missing: undefined,
          },
        ],
      },
    ],
    [
      'a search result with a sealed card twice and an unsealed one',
      {
        activities: [
          {
            type: 'invokeResponse',
            value: {
              status: 200,
              body: {
                composeExtension: {
                  type: 'result',
                  attachments: [
                    { content: sealedCard, preview: { content: { title: 'x' } } },
                    { content: card('not sealed') },
                    { content: sealedCard },
                  ],
                },
              },
            },
          },
        ],
      },
    ],
    ['a sealed card inside a class instance', { p: Object.assign(new Point(0, 0), { c: sealedCard }) }],
    [
      'a sealed card deeper than the walk',
      { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: sealedCard } } } } } } } } } },
    ],
  ];

  it.each(values)('gives exactly what JSON.stringify gives: %s', (_name, value) => {
    expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it('gives nothing for what JSON.stringify gives nothing', () => {
    expect(toJson(undefined)).toBeUndefined();
    expect(toJson(() => 1)).toBeUndefined();
  });

  it("reuses a sealed object's JSON made when it was sealed (sealing is a promise it never changes)", () => {
    const kept = sealJson(card('first words'));
    (kept.body[0] as { text: string }).text = 'changed afterwards';
    expect(toJson({ activities: [{ attachments: [{ content: kept }] }] })).toContain('first words');
    expect(sealJson(kept)).toBe(kept);
  });
});
