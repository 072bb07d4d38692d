import { choosePrompts, detectTriggers, looksLikeLabel } from '../../src/features/mapping/inquiry';
import {
  apply,
  type MappingSession,
  type Person,
  type SubheadingId,
  startSession,
} from '../../src/features/mapping/model';
import {
  itemCost,
  SUMMARY_ITEM_BUDGET,
  splitParts,
  summaryPages,
  summaryText,
} from '../../src/features/mapping/summary';
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

describe('spotting what to question', () => {
  it('tells a label from a description of behaviour', () => {
    expect(looksLikeLabel('Neglect')).toBe(true);
    expect(looksLikeLabel('domestic abuse')).toBe(true);
    expect(looksLikeLabel('mental health concerns and chaotic home')).toBe(true);
    expect(looksLikeLabel('On the worst occasion dad hit mum while the baby was in her arms')).toBe(false);
    expect(looksLikeLabel('The children were left alone overnight twice last month')).toBe(false);
  });

  it('raises worries written as labels', () => {
    expect(detectTriggers(withItems([['past-harm', 'neglect']]), 'worries')).toContain('label-worries');
  });

  it('raises harm confused with complicating factors', () => {
    expect(
      detectTriggers(withItems([['past-harm', "Mum's drinking has got worse since the move"]]), 'worries'),
    ).toContain('harm-vs-complicating');
    expect(
      detectTriggers(withItems([['complicating-factors', 'The baby had bruises on her arm']]), 'worries'),
    ).toContain('harm-vs-complicating');
  });

  it('asks about first, worst and last when worries lack detail', () => {
    expect(detectTriggers(withItems([['past-harm', 'Dad pushed mum into the wall']]), 'worries')).toContain(
      'no-worries-detail',
    );
    expect(
      detectTriggers(withItems([['past-harm', 'The worst time, dad pushed mum into the wall']]), 'worries'),
    ).not.toContain('no-worries-detail');
  });

  it('raises strengths recorded with no existing safety', () => {
    expect(detectTriggers(withItems([['existing-strengths', 'Gran visits every day']]), 'working')).toContain(
      'no-existing-safety',
    );
    expect(
      detectTriggers(
        withItems([
          ['existing-strengths', 'Gran visits'],
          ['existing-safety', 'Gran took the children when dad drank'],
        ]),
        'working',
      ),
    ).not.toContain('no-existing-safety');
  });

  it("raises a missing child's view, and is quiet once it is there", () => {
    expect(detectTriggers(withItems([['past-harm', 'Dad hit mum last week']]), 'worries')).toContain('no-child-view');
    expect(
      detectTriggers(withItems([['past-harm', 'The child said she hides under the bed when dad shouts']]), 'worries'),
    ).not.toContain('no-child-view');
  });

  it('raises next steps with no safety goal', () => {
    expect(detectTriggers(withItems([['next-steps', 'Book a network meeting']]), 'needs')).toContain('no-goals');
  });

  it('raises a wide spread, all-high and all-low scores', () => {
    const scored = (values: number[]) => ({
      ...withItems([]),
      scores: values.map((score, i) => ({ person: { id: `p${i}`, name: `P${i}` }, score, reason: '', at: 0 })),
    });
    expect(detectTriggers(scored([2, 6]), 'scaling')).toEqual(['score-spread', 'one-point-higher']);
    expect(detectTriggers(scored([8, 9]), 'scaling')).toEqual(['all-high', 'one-point-higher']);
    expect(detectTriggers(scored([1, 2]), 'scaling')).toEqual(['all-low', 'one-point-higher']);
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
    const ids = choosePrompts(bank, withItems([]), 'working');
    expect(ids).toHaveLength(1);
    expect(bank.find((p) => p.id === ids[0])?.stages).toContain('working');
  });
});

describe('summary', () => {
  const content = realContent().mapping;

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
    const parts = summaryText(s, content, 0);
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
    const text = summaryText(s, content, 0).join('\n');
    expect(text).toContain('1 scored; not yet revealed.');
    expect(text).not.toContain('secret reason');
    expect(summaryText({ ...s, revealed: true }, content, 0).join('\n')).toContain('Sam: 7. Why: secret reason');
  });

  it('splits text at line breaks, and even a single huge line', () => {
    expect(splitParts('a\nb', 100)).toEqual(['a\nb']);
    const parts = splitParts('y'.repeat(250), 100);
    expect(parts.join('').replace(/\(Part \d of \d\)\n/g, '')).toBe('y'.repeat(250));
  });
});
