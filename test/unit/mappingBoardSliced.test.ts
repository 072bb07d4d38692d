import * as cardsModule from '../../src/cards';
import { CardError, loadCardTemplates, renderCard, renderSliced, slicedTemplate } from '../../src/cards';
import type { ContentPack } from '../../src/content/pack';
import { MappingCards, QUESTION, type QuestionCardData, type View } from '../../src/features/mapping/cards';
import {
  apply,
  type Command,
  type MappingSession,
  type Person,
  QUESTIONS,
  type QuestionId,
  startSession,
} from '../../src/features/mapping/model';
import { steeringRevision } from '../../src/guided/kernel';
import { realContent } from '../helpers/testBot';

/**
 * The question board is rendered per item (renderSliced: each item and "edit or remove" choice expanded
 * once and kept, the rest of the template kept by its own data). Its cards must be byte for byte the
 * ones the whole template's expansion gives (renderCard), for every map, viewer, view and level, and
 * nothing kept may show through after the map, a name or the wording changes.
 */

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const ALEX: Person = { id: 'u-alex', name: 'Alex Worker' };
const JO: Person = { id: 'u-jo', name: 'Jo "JJ" Smith' };
const VIEWERS = [SAM.id, ALEX.id, JO.id, ''];
const VIEWS: View[] = [
  {},
  { draft: 'half typed' },
  { notice: 'Sam edited #2.', noticeStyle: 'good' },
  { notice: 'Please rephrase', noticeStyle: 'attention', draft: 'a draft', allowOverride: true },
  { draftSubheading: 'future-danger', draft: 'x' },
];

beforeAll(() => loadCardTemplates());

let ids = 0;
function run(session: MappingSession, ...steps: [Command, Person?][]): MappingSession {
  return steps.reduce(
    (s, [command, actor]) =>
      apply(s, command, { actor: actor ?? SAM, now: 1_000 + ids, commandId: `c${ids++}` }).session,
    session,
  );
}
const goto = (s: MappingSession, to: QuestionId) => run(s, [{ type: 'goto', to, revision: steeringRevision(s) }]);

const TEXTS = [
  'Dad hit mum',
  'A "quoted" worry with a \\ backslash and {braces}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
  'Someone typed ${label} and ${ notice } here',
  `${'a long worry about what happened at home '.repeat(11)}`.slice(0, 480),
  '€€€ and 😀 and ñ',
  'true',
  '42',
];

/** A group map of three people with items under some subheadings of every question, and some left empty. */
function variedMap(): MappingSession {
  let s = startSession({
    id: 'm-varied',
    label: 'Case 7',
    setting: 'group',
    facilitator: SAM,
    now: 0,
    commandId: 'st',
  });
  const prompts = realContent().prompts.prompts;
  s = run(
    s,
    [{ type: 'addItems', question: 'worries', subheading: 'past-harm', texts: TEXTS.slice(0, 4) }, SAM],
    [{ type: 'addItems', question: 'worries', subheading: 'future-danger', texts: TEXTS.slice(3) }, ALEX],
    [{ type: 'addItems', question: 'worries', subheading: 'complicating-factors', texts: ['Mum is isolated'] }, JO],
    [{ type: 'addItems', question: 'working', subheading: 'existing-strengths', texts: TEXTS }, ALEX],
    // needs: only next steps; existing-safety and safety-goals stay empty.
    [{ type: 'addItems', question: 'needs', subheading: 'next-steps', texts: ['Safety plan by Friday'] }, JO],
    [{ type: 'editItem', itemId: 'i2', text: 'Edited: now a different worry' }, SAM],
    [{ type: 'removeItem', itemId: 'i3' }, SAM],
    [{ type: 'pin', promptId: prompts[0]?.id ?? '' }, ALEX],
    [{ type: 'pin', promptId: prompts[1]?.id ?? '' }, JO],
  );
  return s;
}

/** The same map with `n` more worries, each `text(i)`, by Sam and Alex in turn. */
function withWorries(s: MappingSession, n: number, text: (i: number) => string): MappingSession {
  for (let i = 0; i < n; i += 10) {
    const texts = Array.from({ length: Math.min(10, n - i) }, (_, j) => text(i + j));
    s = run(s, [{ type: 'addItems', question: 'worries', subheading: 'past-harm', texts }, i % 20 ? ALEX : SAM]);
  }
  return s;
}

/** The board level a MappingCards last fitted for a view (0: the fullest). */
function levelOf(cards: MappingCards, s: MappingSession, viewer: string): number {
  const fitted = (cards as unknown as { fitted: Map<string, number> }).fitted;
  const q = s.step.kind === 'question' ? s.step.question : '';
  return fitted.get(`${s.id}\u0000${q}\u0000${viewer}`) ?? 0;
}

function expectSame(sliced: MappingCards, full: MappingCards, s: MappingSession, viewer: string, view: View): string {
  const mine = JSON.stringify(sliced.board(s, viewer, view));
  expect(mine).toBe(JSON.stringify(full.board(s, viewer, view)));
  return mine;
}

describe('the question board rendered per item', () => {
  const content = realContent();

  it.each([true, false])(
    'is byte-identical to the whole expansion for a varied group map, every question, viewer and view (builder %s)',
    (builder) => {
      const sliced = new MappingCards(content, 30, builder);
      const full = new MappingCards(content, 30, builder, true);
      let s = variedMap();
      for (const q of QUESTIONS) {
        s = goto(s, q);
        for (const viewer of VIEWERS) for (const view of VIEWS) expectSame(sliced, full, s, viewer, view);
      }
      // Scores do not show on a question's board, but they are part of the session it is drawn from.
      s = run(s, [{ type: 'goto', to: 'scaling', revision: steeringRevision(s) }]);
      s = run(s, [{ type: 'score', score: 4, reason: 'r' }, SAM], [{ type: 'score', score: 7, reason: 'q' }, ALEX]);
      s = goto(s, 'worries');
      for (const viewer of VIEWERS) expectSame(sliced, full, s, viewer, {});
    },
  );

  it('is byte-identical at every fitting level, growing and shrinking, with short, long and three-byte texts', () => {
    const sliced = new MappingCards(content, 30, true);
    const full = new MappingCards(content, 30, true, true);
    const kinds = [
      (i: number) => `worry number ${i + 1} about the home`,
      (i: number) => `${i} ${'a long worry about what happened at home '.repeat(11)}`.slice(0, 480),
      (i: number) => `${i} ${'€'.repeat(150)}`,
    ];
    const levels = new Set<number>();
    const base = goto(variedMap(), 'worries');
    for (const kind of kinds)
      for (const n of [0, 15, 40, 70, 100, 120, 130, 100, 40, 0]) {
        const s = withWorries(base, n, kind);
        for (const viewer of [SAM.id, ALEX.id, '']) {
          for (const view of [{}, { draft: 'x'.repeat(3000) }, { draft: '€'.repeat(5000) }] as View[]) {
            expectSame(sliced, full, s, viewer, view);
            levels.add(levelOf(sliced, s, viewer));
          }
        }
      }
    expect([...levels].sort()).toEqual([0, 1, 2, 3]);
  });

  it('is byte-identical in a review round (items added, changed, still true) and in a personal map', () => {
    const sliced = new MappingCards(content, 30, true);
    const full = new MappingCards(content, 30, true, true);
    let s = variedMap();
    s = run(s, [{ type: 'close', revision: steeringRevision(s) }]);
    s = run(s, [{ type: 'startReview' }]);
    s = run(
      s,
      [{ type: 'editItem', itemId: 'i1', text: 'Changed since last time' }, SAM],
      [{ type: 'stillTrue', itemId: 'i4' }, SAM],
      [{ type: 'addItems', question: 'worries', subheading: 'past-harm', texts: ['New this round'] }, JO],
    );
    for (const viewer of VIEWERS) for (const view of VIEWS) expectSame(sliced, full, s, viewer, view);

    let personal = startSession({
      id: 'm-p',
      label: 'Mine',
      setting: 'personal',
      facilitator: SAM,
      now: 0,
      commandId: 'p',
    });
    personal = withWorries(personal, 60, (i) => `my worry ${i} ${'€'.repeat(i % 7)}`);
    for (const view of VIEWS) expectSame(sliced, full, personal, SAM.id, view);
  });

  it('shows every change at once though items are kept: edit, removal, reordering, a name, the wording', () => {
    // One instance throughout (its kept items and skeletons warm), each card checked against the whole expansion.
    const sliced = new MappingCards(content, 30, true);
    const full = new MappingCards(content, 30, true, true);
    let s = withWorries(goto(variedMap(), 'worries'), 30, (i) => `kept worry ${i}`);
    const check = (m: MappingSession, viewer = SAM.id) => expectSame(sliced, full, m, viewer, {});
    for (const viewer of VIEWERS) check(s, viewer);

    const alexs = s.items.filter((i) => i.author.id === ALEX.id && i.question === 'worries').at(-1)?.id ?? '';
    s = run(s, [{ type: 'editItem', itemId: alexs, text: 'kept worry, new wording' }, ALEX]);
    expect(check(s)).toContain('kept worry, new wording');
    expect(check(s, ALEX.id)).toContain('kept worry, new wording');

    const gone = s.items.at(-1)?.id ?? '';
    expect(check(s)).toContain(`"#${gone.slice(1)} "`);
    s = run(s, [{ type: 'removeItem', itemId: gone }, SAM]);
    const removed = s.items.length;
    expect(check(s)).not.toContain(`"#${gone.slice(1)} "`);

    const reordered = { ...s, items: [...s.items].reverse() };
    const forwards = check(s);
    const backwards = check(reordered);
    expect(backwards).not.toBe(forwards);
    expect(reordered.items).toHaveLength(removed);

    const renamed: MappingSession = {
      ...s,
      facilitator: { ...SAM, name: 'Samantha' },
      participants: s.participants.map((p) => (p.id === ALEX.id ? { ...p, name: 'Alexandra' } : p)),
      items: s.items.map((i) => (i.author.id === ALEX.id ? { ...i, author: { ...i.author, name: 'Alexandra' } } : i)),
    };
    const after = check(renamed);
    expect(after).toContain('Alexandra');
    expect(after).toContain('Samantha');

    // Another wording of the bylines and notes (a content pack of its own): nothing of the first shows.
    const reworded: ContentPack = {
      ...content,
      messages: {
        ...content.messages,
        'map-byline-edited': '{name} (changed)',
        'map-hidden-items': '{hidden} older items hidden',
      },
    };
    const slicedOther = new MappingCards(reworded, 30, true);
    const fullOther = new MappingCards(reworded, 30, true, true);
    const other = expectSame(slicedOther, fullOther, s, SAM.id, {});
    expect(other).toContain('Alex Worker (changed)');
    expect(check(s)).not.toContain('(changed)');

    // And back to the first map after all that: still its own card.
    expect(check(s)).toBe(forwards);
  });
});

describe('renderSliced', () => {
  const data = (): QuestionCardData => {
    // The data the board's first level has for a varied map: read back from a render.
    let seen: QuestionCardData | undefined;
    const spy = jest.spyOn(cardsModule, 'renderCard');
    spy.mockImplementation(((_t: unknown, d: QuestionCardData) => {
      seen = d;
      return { type: 'AdaptiveCard', version: '1.5' };
    }) as never);
    new MappingCards(realContent(), 30, true, true).board(goto(variedMap(), 'needs'), SAM.id, { draft: 'd' });
    spy.mockRestore();
    if (!seen) throw new Error('no board data seen');
    return seen;
  };

  it('gives the whole expansion for any lists cut out, those holding the board and those inside it', () => {
    const d = data();
    expect(d.groups.some((g) => g.items.length === 0)).toBe(true);
    const whole = JSON.stringify(renderCard(QUESTION, d));
    for (const lists of [['items'], ['itemChoices'], ['groups'], ['prompts', 'subheadingChoices'], ['items', 'groups']])
      expect(JSON.stringify(renderSliced(slicedTemplate<QuestionCardData>('map-question', lists), d))).toBe(whole);
  });

  it('gives the whole expansion, or the same refusal, when a list is empty, missing or too large', () => {
    const d = data();
    const outcome = (render: () => unknown) => {
      try {
        return JSON.stringify(render());
      } catch (err) {
        return err instanceof CardError ? `refused: ${err.reason}` : `failed: ${String(err)}`;
      }
    };
    const variants: QuestionCardData[] = [
      { ...d, itemChoices: [] },
      { ...d, groups: d.groups.map((g) => ({ ...g, items: [] })) },
      { ...d, itemChoices: undefined as never },
      { ...d, groups: d.groups.map((g) => ({ ...g, items: 'not a list' as never })) },
      {
        ...d,
        groups: d.groups.map((g) => ({
          ...g,
          items: Array(200).fill(g.items[0] ?? { no: '1', text: 't', byline: 'b' }),
        })),
      },
    ];
    const outcomes = variants.map((v) => outcome(() => renderSliced(QUESTION, v)));
    expect(outcomes).toEqual(variants.map((v) => outcome(() => renderCard(QUESTION, v))));
    expect(outcomes.at(-1)).toBe('refused: too-large');
  });

  it('gives the whole expansion with texts kept out of the skeleton, empty or not, with template syntax or not', () => {
    const d = data();
    const opaque = slicedTemplate<QuestionCardData>('map-question', ['items'], ['notice', 'draft', 'hiddenNote']);
    for (const texts of [
      { notice: '', draft: '', hiddenNote: '' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: typed text that looks like template syntax
      { notice: 'Saved', draft: 'typed ${x}', hiddenNote: '3 not shown' },
      { notice: 'Other', draft: '', hiddenNote: 'true' },
    ])
      expect(JSON.stringify(renderSliced(opaque, { ...d, ...texts }))).toBe(
        JSON.stringify(renderCard(QUESTION, { ...d, ...texts })),
      );
  });

  it('refuses a text kept out of the skeleton that the template reads as more than a whole value', () => {
    // The label is part of a longer line ("${label} · Signs of Safety map · ${stepLabel}").
    expect(() => renderSliced(slicedTemplate<QuestionCardData>('map-question', [], ['label']), data())).toThrow(
      /cannot be sliced: .* reads label other than whole or by its emptiness/,
    );
  });

  it('refuses a template whose list part reads more than its element', () => {
    // The "jump to" actions read $root.sid: kept by the element alone they could go stale.
    expect(() => renderSliced(slicedTemplate<QuestionCardData>('map-question', ['jumps']), data())).toThrow(
      /cannot be sliced: the jumps part reads more than its element/,
    );
  });
});
