import { wording } from '../../src/content/pack';
import { choosePrompts, detectTriggers } from '../../src/features/mapping/inquiry';
import {
  apply,
  type MappingSession,
  type Person,
  type SubheadingId,
  startSession,
} from '../../src/features/mapping/model';
import { itemCost, SUMMARY_ITEM_BUDGET, summaryPages, summaryText } from '../../src/features/mapping/summary';
import { looksLikeLabel } from '../../src/features/practiceText';
import { splitParts } from '../../src/guided/text';
import { realContent } from '../helpers/testBot';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
let n = 0;
function withItems(items: [SubheadingId, string][], setting: 'personal' | 'group' = 'group'): MappingSession {
  let s = startSession({ id: 's', label: 'Case', setting, facilitator: SAM, now: 0, commandId: 'start' });
  for (const [sub, text] of items) {
    const question = sub.startsWith('existing')
      ? 'working'
      : sub === 'safety-goals' || sub === 'next-steps'
        ? 'needs'
        : 'worries';
    s = apply(s, { type: 'addItems', question, subheading: sub, texts: [text] } as never, {
      actor: SAM,
      now: 1,
      commandId: `c${n++}`,
    }).session;
  }
  return s;
}

type Stage = 'worries' | 'working' | 'needs' | 'scaling';
/** A map with these items and (revealed) scores, checked after `after`. */
function triggersFor(
  after: Stage,
  items: [SubheadingId, string][],
  scores: [number, string][] = [],
  setting: 'personal' | 'group' = 'group',
) {
  const s = {
    ...withItems(items, setting),
    scores: scores.map(([score, reason], i) => ({ person: { id: `p${i}`, name: `P${i}` }, score, reason, at: 0 })),
    revealed: scores.length > 0,
  };
  return detectTriggers(s, after);
}
const CHILD_SAID: [SubheadingId, string] = ['past-harm', 'The child told me she hides under the bed when they fight'];
const SAFETY: [SubheadingId, string] = [
  'existing-safety',
  "When dad has been drinking, mum has taken the children to gran's",
];
const GOAL: [SubheadingId, string] = [
  'safety-goals',
  'Dad only drinks when the children are at gran’s, for six months',
];

describe('safety now comes first', () => {
  it('raises a child who may be unsafe today when every score is 0 to 2, before anything else', () => {
    const t = triggersFor(
      'scaling',
      [CHILD_SAID],
      [
        [1, 'Nothing has changed and he is still at home'],
        [1, 'The injuries were serious'],
        [2, 'No one in the network knows yet'],
      ],
    );
    expect(t[0]).toBe('unsafe-now');
    expect(t).toContain('all-low');
  });

  it('raises it when anyone scores 0, and not for low-middling scores', () => {
    expect(
      triggersFor(
        'scaling',
        [CHILD_SAID, SAFETY],
        [
          [0, 'not safe at all'],
          [5, 'gran helps'],
        ],
      ),
    ).toContain('unsafe-now');
    expect(
      triggersFor(
        'scaling',
        [CHILD_SAID, SAFETY],
        [
          [3, 'gran helps a lot'],
          [4, 'dad sober'],
        ],
      ),
    ).not.toContain('unsafe-now');
  });

  it.each([
    'Dad hit the baby this morning and she has a mark on her cheek',
    'The children are home alone tonight with no food in the house',
    'She says she is too scared to go home',
    "Mum's partner is currently living there and has threatened to hurt the children",
  ])('raises harm happening now: "%s", at every checkpoint', (text) => {
    for (const after of ['worries', 'working', 'needs'] as const) {
      expect(triggersFor(after, [['past-harm', text]])[0]).toBe('unsafe-now');
    }
  });

  it.each([
    'Two years ago dad hit mum while the baby was in the room; the worst time she needed stitches',
    'Mum now takes the children to school every day',
    'The children were left alone overnight twice last month',
  ])('stays quiet for harm in the past: "%s"', (text) => {
    expect(triggersFor('worries', [['past-harm', text]])).not.toContain('unsafe-now');
  });
});

describe('labels', () => {
  it.each([
    'Neglect',
    'domestic abuse',
    'Mum has mental health issues',
    'There was domestic violence and dad has a history of substance misuse',
    'concerns about neglect, chaotic lifestyle and poor home conditions',
    'Ongoing concerns around parenting capacity and lack of engagement with services over several months',
    'The children have been exposed to domestic abuse',
    "Mum didn't engage with services",
    'School said there are concerns about neglect',
  ])('reads "%s" as a label, however long and whatever verbs it has', (text) => {
    expect(looksLikeLabel(text)).toBe(true);
    expect(triggersFor('worries', [['past-harm', text]])).toContain('label-worries');
  });

  it.each([
    'On the worst occasion dad hit mum while the baby was in her arms',
    'The children were left alone overnight twice last month',
    'Domestic abuse: dad punched mum in the face while the baby was in the room',
    'The kitchen had no food and the baby was in the same nappy all day',
  ])('reads "%s" as a description', (text) => {
    expect(looksLikeLabel(text)).toBe(false);
  });
});

describe("the child's own voice", () => {
  it.each([
    'The teacher said she was worried about going home',
    'Mum says the child feels fine and wants to stay',
    'School reported that he seems withdrawn',
    'Gran told us the children are happy',
    'Dad said he felt ashamed',
    "The child's mum said she is fine",
    "We haven't asked the child what she wants",
    'SW to do three houses with the child',
    'Nursery reports she seems hungry',
  ])('does not find the child\'s view in what an adult said: "%s"', (text) => {
    expect(triggersFor('worries', [['past-harm', text]])).toContain('no-child-view');
  });

  it.each([
    'The child said she hides under the bed when dad shouts',
    'The 9 year old told me he gets scared when mum drinks',
    "In her three houses the girl put dad's shouting in the house of worries",
    '"I don\'t like it when daddy is angry" (the child, aged 6)',
    'The young person wants to live with gran',
  ])('finds it in the child\'s own words, views or tools: "%s"', (text) => {
    expect(triggersFor('worries', [['past-harm', text]])).not.toContain('no-child-view');
  });
});

describe('first, worst and last; severity and impact', () => {
  it.each([
    'Dad shouted at the children last night',
    "Mum's drinking is impacting the children",
    'Police have been called three times since January',
    'Dad pushed mum into the wall',
  ])('is not silenced by common words: "%s"', (text) => {
    expect(triggersFor('worries', [['past-harm', text]])).toContain('no-worries-detail');
  });

  it.each([
    'The worst time, dad pushed mum into the wall',
    'The first incident was in 2021; the most recent was in May',
    'The baby had bruises on both arms and went to hospital',
    'Since dad hit mum the child has been wetting the bed and has nightmares',
  ])('is quiet when a worry gives the pattern, severity or impact: "%s"', (text) => {
    expect(triggersFor('worries', [['past-harm', text]])).not.toContain('no-worries-detail');
  });
});

describe('harm and complicating factors', () => {
  it('raises harm confused with complicating factors, both ways', () => {
    expect(triggersFor('worries', [['past-harm', "Mum's drinking has got worse since the move"]])).toContain(
      'harm-vs-complicating',
    );
    expect(triggersFor('worries', [['complicating-factors', 'The baby had bruises on her arm']])).toContain(
      'harm-vs-complicating',
    );
  });

  it('is quiet when each is in its place', () => {
    expect(
      triggersFor('worries', [
        ['past-harm', 'When dad drinks he has hit the children; the worst time the boy had a black eye'],
        ['complicating-factors', "Dad's drinking has increased since he lost his job"],
      ]),
    ).not.toContain('harm-vs-complicating');
  });
});

describe("what's working well", () => {
  it('raises a map with nothing working well', () => {
    expect(triggersFor('working', [['past-harm', 'Dad hit mum']])).toContain('nothing-working-well');
    expect(triggersFor('working', [SAFETY])).not.toContain('nothing-working-well');
  });

  it.each([
    [['existing-safety', 'Mum loves the children very much']],
    [
      ['existing-strengths', 'Gran visits every day'],
      ['existing-safety', 'The house is clean and tidy'],
    ],
    [['existing-strengths', 'Dad is working and the family has a good income']],
  ] as [SubheadingId, string][][])('raises existing safety that holds only strengths: %j', (...items) => {
    const t = triggersFor('working', items);
    expect(t).toContain('strengths-not-safety');
    expect(t).not.toContain('nothing-working-well');
  });

  it.each([
    "When dad has been drinking, mum has taken the children to gran's",
    'Gran stepped in and took the baby the night mum was too drunk to care for her',
    'Every time the arguing starts the eldest takes her brother upstairs and calls gran',
  ])('is quiet for protection shown when the danger was present: "%s"', (text) => {
    expect(
      triggersFor('working', [
        ['existing-strengths', 'Gran visits'],
        ['existing-safety', text],
      ]),
    ).not.toContain('strengths-not-safety');
  });
});

describe('what needs to happen', () => {
  it('raises a map with no safety goals', () => {
    expect(triggersFor('needs', [['next-steps', 'SW to book a network meeting by Friday']])).toContain('no-goals');
  });

  it.each([
    'Mum completes the Freedom Programme',
    'Dad attends all his appointments with the alcohol service',
    'Mum will engage with counselling and parenting classes',
    'Dad attends the alcohol service for six months',
  ])('raises a goal that is a service: "%s"', (text) => {
    expect(triggersFor('needs', [['safety-goals', text]])).toContain('goal-is-service');
  });

  it.each([
    'Dad only drinks when the children are at gran’s, and the children say home feels calm, for six months',
    'Mum will finish the parenting course and put the children to bed by 8 every night for three months',
    'The children are collected from school on time every day until the summer holidays',
  ])('is quiet for a goal with behaviour and a duration: "%s"', (text) => {
    expect(triggersFor('needs', [['safety-goals', text]])).not.toContain('goal-is-service');
  });

  it.each(['Book a network meeting', 'Ring the school', 'Social worker to visit', 'By Friday: check with the GP'])(
    'raises a next step with no owner or no date: "%s"',
    (text) => {
      expect(triggersFor('needs', [['next-steps', text]])).toContain('steps-no-owner-date');
    },
  );

  it.each([
    'SW to book a network meeting by Friday',
    'Gran will collect the children from school tomorrow',
    'Health visitor to visit within 5 working days',
    'Check with the GP (SW, 12/3)',
  ])('is quiet for a next step with an owner and a date: "%s"', (text) => {
    expect(triggersFor('needs', [['next-steps', text]])).not.toContain('steps-no-owner-date');
  });
});

describe('scores', () => {
  const harm: [SubheadingId, string][] = [['past-harm', 'Dad hit the boy with a belt; the worst time he had welts']];

  it('raises a score that does not fit the map: high with harm and no safety shown', () => {
    expect(triggersFor('scaling', harm, [[9, 'Mum loves them']])).toContain('score-doesnt-fit');
    expect(triggersFor('scaling', [...harm, SAFETY], [[7, 'Mum has protected them twice']])).not.toContain(
      'score-doesnt-fit',
    );
    expect(triggersFor('scaling', harm, [[3, 'No safety yet']])).not.toContain('score-doesnt-fit');
  });

  it('raises a score with no reason given', () => {
    expect(
      triggersFor('scaling', harm, [
        [4, ''],
        [5, 'gran helps'],
      ]),
    ).toContain('no-reasons');
    expect(triggersFor('scaling', harm, [[4, 'gut feeling']])).toContain('no-reasons');
    expect(triggersFor('scaling', harm, [[4, 'Dad is still at home and nothing has changed']])).not.toContain(
      'no-reasons',
    );
  });

  it('raises a wide spread, all-high and all-low scores', () => {
    const scored = (values: number[]) =>
      triggersFor(
        'scaling',
        [CHILD_SAID, SAFETY, GOAL],
        values.map((v) => [v, 'because of what is on the map']),
      );
    expect(scored([3, 6])).toEqual(['score-spread', 'one-point-higher']);
    expect(scored([8, 9])).toEqual(['all-high', 'one-point-higher']);
    expect(scored([1, 2])).toEqual(['unsafe-now', 'score-doesnt-fit', 'all-low', 'one-point-higher']);
  });
});

describe('choosing checkpoint prompts', () => {
  const bank = realContent().prompts.prompts;

  it('picks prompts written for the situations found', () => {
    const s = withItems([['past-harm', 'neglect']]);
    const ids = choosePrompts(bank, s, 'worries');
    expect(ids).toHaveLength(2);
    const first = bank.find((p) => p.id === ids[0]);
    expect(first?.triggers).toContain('label-worries');
  });

  it('never repeats a prompt already used in the session', () => {
    let s = withItems([['past-harm', 'neglect']]);
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const ids = choosePrompts(bank, s, 'worries', 2, i);
      for (const id of ids) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      s = { ...s, usedPrompts: [...s.usedPrompts, ...ids] };
    }
  });

  it('offers one general prompt for the stage when nothing stands out', () => {
    const s = withItems([CHILD_SAID, SAFETY]);
    expect(detectTriggers(s, 'working')).toEqual([]);
    const ids = choosePrompts(bank, s, 'working');
    expect(ids).toHaveLength(1);
    expect(bank.find((p) => p.id === ids[0])?.stages).toContain('working');
  });

  const scoredMap = (values: number[], setting: 'personal' | 'group') => ({
    ...withItems([CHILD_SAID, SAFETY, GOAL], setting),
    scores: values.map((score, i) => ({ person: { id: `p${i}`, name: `P${i}` }, score, reason: 'why', at: 0 })),
    revealed: true,
  });

  it('asks first about safety now when every score is 0 to 2, whatever the seed', () => {
    for (let seed = 0; seed < 40; seed++) {
      const ids = choosePrompts(bank, scoredMap([1, 1, 2], 'group'), 'scaling', 2, seed);
      expect(ids[0]).toBe('planning-safety-before-we-finish');
      expect(bank.find((p) => p.id === ids[1])?.triggers).toContain('unsafe-now');
    }
  });

  it('asks about safety now at the worries checkpoint when harm is happening tonight', () => {
    const s = withItems([['past-harm', 'The children are home alone tonight and dad has threatened to hurt them']]);
    const first = bank.find((p) => p.id === choosePrompts(bank, s, 'worries')[0]);
    expect(first?.triggers).toContain('unsafe-now');
    expect(first?.text).toMatch(/before this conversation ends/);
    expect(first?.text).toMatch(/manager/);
  });

  it('never offers a prompt whose premise does not hold', () => {
    for (let seed = 0; seed < 40; seed++) {
      for (const values of [[2, 7], [8, 9], [5]]) {
        const personal = choosePrompts(bank, scoredMap(values.slice(0, 1), 'personal'), 'scaling', 2, seed);
        // In a scored map of one's own only "personal", "scored" and "scores-revealed" can hold.
        for (const id of personal)
          expect(
            (bank.find((p) => p.id === id)?.needs ?? []).filter(
              (n) => n !== 'personal' && n !== 'scored' && n !== 'scores-revealed',
            ),
          ).toEqual([]);
        const group = scoredMap(values, 'group');
        for (const id of choosePrompts(bank, group, 'scaling', 2, seed)) {
          const needs = bank.find((p) => p.id === id)?.needs ?? [];
          if (values.length < 2) expect(needs).not.toContain('several-scorers');
        }
      }
    }
  });

  it('offers spread prompts that need several scorers only when several have scored', () => {
    const s = scoredMap([2, 7], 'group');
    const ids = new Set(Array.from({ length: 40 }, (_, seed) => choosePrompts(bank, s, 'scaling', 2, seed)).flat());
    expect([...ids].some((id) => bank.find((p) => p.id === id)?.needs?.includes('several-scorers'))).toBe(true);
  });
});

describe('summary', () => {
  const content = realContent().mapping;
  const say = wording(realContent());

  it('fits a small map on one page', () => {
    expect(
      summaryPages(
        withItems([
          ['past-harm', 'a'],
          ['existing-safety', 'b'],
        ]),
      ),
    ).toHaveLength(1);
  });

  it('pages a long map without dropping or shortening anything, each page within budget', () => {
    const long: [SubheadingId, string][] = Array.from({ length: 150 }, (_, i) => [
      (['past-harm', 'existing-strengths', 'next-steps'] as const)[i % 3] as SubheadingId,
      `${i}: ${'é'.repeat(490)}`,
    ]);
    const s = withItems(long);
    const pages = summaryPages(s);
    expect(pages.length).toBeGreaterThan(1);
    expect(
      pages
        .flat()
        .map((i) => i.id)
        .sort(),
    ).toEqual(s.items.map((i) => i.id).sort());
    for (const page of pages) {
      expect(page.reduce((n, i) => n + itemCost(i), 0)).toBeLessThanOrEqual(SUMMARY_ITEM_BUDGET + 2000);
      expect(page.every((i) => i.text.length === s.items.find((x) => x.id === i.id)?.text.length)).toBe(true);
    }
  });

  it('writes the map as plain text with every item, in parts small enough to send', () => {
    const s = withItems(
      Array.from({ length: 150 }, (_, i) => ['past-harm', `item ${i} ${'x'.repeat(480)}`] as [SubheadingId, string]),
    );
    const parts = summaryText(s, content, 0, say);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toMatch(/^\(Part 1 of \d+\)\nSigns of Safety map: Case/);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(12_000);
    for (let i = 0; i < 150; i++) expect(parts.join('\n')).toContain(`item ${i} `);
  });

  it('keeps group scores out of the text until they are revealed', () => {
    const s = {
      ...withItems([]),
      scores: [{ person: SAM, score: 7, reason: 'secret reason', at: 0 }],
    };
    const text = summaryText(s, content, 0, say).join('\n');
    expect(text).toContain('1 scored; not yet revealed.');
    expect(text).not.toContain('secret reason');
    expect(summaryText({ ...s, revealed: true }, content, 0, say).join('\n')).toContain('Sam: 7. Why: secret reason');
  });

  it('splits text at line breaks, and even a single huge line', () => {
    expect(splitParts('a\nb', 100)).toEqual(['a\nb']);
    const parts = splitParts('y'.repeat(250), 100);
    expect(parts.join('').replace(/\(Part \d of \d\)\n/g, '')).toBe('y'.repeat(250));
  });
});

/** Cases an outside practice lead found running real maps through the bot (issue 14 review, round 2). */
describe("checkpoints on the practice lead's review maps", () => {
  const bank = realContent().prompts.prompts;
  const textOf = (id: string) => bank.find((p) => p.id === id)?.text ?? '';
  const session = (
    items: [SubheadingId, string][],
    scores: [number, string][] = [],
    setting: 'personal' | 'group' = 'group',
  ) => ({
    ...withItems(items, setting),
    scores: scores.map(([score, reason], i) => ({ person: { id: `p${i}`, name: `P${i}` }, score, reason, at: 0 })),
    revealed: scores.length > 0,
  });

  it('treats a threat to harm the baby tonight as safety now', () => {
    expect(
      triggersFor('worries', [
        ['future-danger', "Mum's partner said he will shake the baby tonight if he keeps crying"],
      ])[0],
    ).toBe('unsafe-now');
    expect(
      triggersFor('worries', [['future-danger', 'if nothing changes dad could lose his temper again']]),
    ).not.toContain('unsafe-now');
  });

  it('asks first whether "existing safety" that holds only strengths is protection shown when the danger was there', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = session([
        ['past-harm', 'mum passed out drunk on the sofa while caring for the 2 year old last weekend'],
        ['existing-safety', 'mum loves the children'],
        ['existing-safety', 'always well dressed'],
      ]);
      expect(textOf(choosePrompts(bank, s, 'working', 2, seed)[0] ?? '')).toMatch(
        /actually being protected when the danger/,
      );
    }
  });

  it('never asks "with scores this low" before anyone has scored, or after a middling score', () => {
    for (let seed = 0; seed < 20; seed++) {
      const unscored = session([['existing-strengths', 'nan visits weekly']]);
      for (const after of ['working', 'needs'] as const)
        expect(choosePrompts(bank, unscored, after, 2, seed).map(textOf).join(' ')).not.toMatch(/scores this low/);
      const middling = session([['existing-strengths', 'nan visits weekly']], [[5, 'some progress']], 'personal');
      expect(choosePrompts(bank, middling, 'scaling', 2, seed).map(textOf).join(' ')).not.toMatch(/scores this low/);
    }
  });

  it('asks first whether a 9 fits a map with harm and no safety shown', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = session(
        [['past-harm', "unexplained fracture to the 6 month old baby's arm"]],
        [[9, 'the parents are cooperative']],
        'personal',
      );
      expect(textOf(choosePrompts(bank, s, 'scaling', 2, seed)[0] ?? '')).toMatch(
        /Does this number fit what is on the map/,
      );
    }
  });

  it('raises a safety goal that is only a course at the "what needs to happen" checkpoint, before older gaps', () => {
    expect(triggersFor('needs', [['safety-goals', 'Dad will complete a parenting course']])[0]).toBe('goal-is-service');
  });

  it('challenges a lone 8 in a map of one\'s own without asking about "everyone"', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = session([['existing-safety', GOAL[1]]], [[8, 'things are much better']], 'personal');
      const texts = choosePrompts(bank, s, 'scaling', 2, seed).map(textOf);
      expect(texts.join(' ')).toMatch(/score of 8 or more/);
      expect(texts.join(' ')).not.toMatch(/everyone|each of you|between you/i);
    }
  });
});

describe('the general checkpoint question', () => {
  it('is never a question about safety now when nothing suggests the child is unsafe', () => {
    const bank = realContent().prompts.prompts;
    const empty = withItems([]);
    for (let seed = 0; seed < 40; seed++) {
      for (const id of choosePrompts(bank, empty, 'worries', 2, seed))
        expect(bank.find((p) => p.id === id)?.triggers ?? []).not.toContain('unsafe-now');
    }
  });
});

/** The practice lead's re-check of the review maps (issue 14, round 3). */
describe("checkpoints on the practice lead's re-check", () => {
  const bank = realContent().prompts.prompts;
  const textOf = (id: string) => bank.find((p) => p.id === id)?.text ?? '';

  it.each([
    'The baby could be shaken today',
    'Dad is threatening to shake the baby',
    "says he'll shake the baby if he doesn't stop crying",
  ])('treats "%s" as safety now', (worry) =>
    expect(triggersFor('worries', [['future-danger', worry]])[0]).toBe('unsafe-now'),
  );

  it.each(['if nothing changes the baby could be shaken', 'dad used to shake the baby when she cried'])(
    'does not treat "%s" as safety now',
    (worry) => expect(triggersFor('worries', [['future-danger', worry]])).not.toContain('unsafe-now'),
  );

  it.each([
    'neighbour collects every school day for 8 weeks',
    "mum took the child to grandma's straight away, grandma kept her overnight",
  ])('accepts "%s" under existing safety as protection shown', (safety) =>
    expect(
      triggersFor('working', [
        ['past-harm', 'mum drinks in the mornings'],
        ['existing-safety', safety],
      ]),
    ).not.toContain('strengths-not-safety'),
  );

  it('still calls "mum takes the kids to school" under existing safety a strength', () => {
    expect(
      triggersFor('working', [
        ['past-harm', 'mum drinks in the mornings'],
        ['existing-safety', 'mum takes the kids to school'],
      ]),
    ).toContain('strengths-not-safety');
  });

  it('asks first what the parents will do differently when a safety goal is only a course', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = withItems([['safety-goals', 'Dad will complete a parenting course']]);
      expect(textOf(choosePrompts(bank, s, 'needs', 2, seed)[0] ?? '')).toMatch(/doing differently/);
    }
  });

  it('offers no checkpoint question on an empty map', () => {
    expect(choosePrompts(bank, withItems([]), 'worries')).toEqual([]);
    expect(choosePrompts(bank, withItems([]), 'working')).toEqual([]);
  });
});
