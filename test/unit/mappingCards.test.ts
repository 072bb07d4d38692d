import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCardTemplates } from '../../src/cards';
import { MappingCards } from '../../src/features/mapping/cards';
import {
  apply,
  DEFAULT_LIMITS,
  type MappingSession,
  type Person,
  startSession,
} from '../../src/features/mapping/model';
import { summaryPages } from '../../src/features/mapping/summary';
import { steeringRevision } from '../../src/guided/kernel';
import { cardProblems, cardText } from '../helpers/cardCheck';
import { realContent } from '../helpers/testBot';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const cards = new MappingCards(realContent(), 30);
beforeAll(() => loadCardTemplates());

/** The largest map the limits allow: every item at full length in three-byte characters. */
function hugeMap(): MappingSession {
  let s = startSession({
    id: 's',
    label: 'L'.repeat(40),
    setting: 'group',
    facilitator: SAM,
    now: 0,
    commandId: 'start',
  });
  let n = 0;
  for (let batch = 0; batch < 15; batch++) {
    const texts = Array.from({ length: 10 }, (_, i) => `${batch}-${i} ${'€'.repeat(490)}`);
    const person = { id: `u${batch}`, name: `Practitioner with a long display name ${batch}` };
    s = apply(
      s,
      { type: 'addItems', question: 'worries', subheading: 'past-harm', texts },
      { actor: person, now: 1, commandId: `c${n++}` },
    ).session;
  }
  for (let p = 0; p < 60; p++) {
    const person = { id: `p${p}`, name: `Person ${p} ${'N'.repeat(40)}` };
    s = apply(
      s,
      { type: 'score', score: p % 11, reason: '€'.repeat(500) },
      { actor: person, now: 2, commandId: `s${p}` },
    ).session;
  }
  return s;
}

describe('mapping cards under extreme input', () => {
  const s = hugeMap();
  const withStep = (step: MappingSession['step'], extra: Partial<MappingSession> = {}): MappingSession => ({
    ...s,
    step,
    ...extra,
  });

  it('keeps the question card within limits, saying what it left off', () => {
    const card = cards.board(withStep({ kind: 'question', question: 'worries' }), SAM.id, { draft: '€'.repeat(6000) });
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toMatch(/earlier items under this question aren't shown here/);
    expect(JSON.stringify(card)).toContain('€'.repeat(6000));
  });

  it('keeps the scaling card within limits before and after the reveal', () => {
    expect(cardProblems(cards.board(withStep({ kind: 'scaling' }), SAM.id, { draftReason: '€'.repeat(2000) }))).toEqual(
      [],
    );
    const revealed = cards.board(withStep({ kind: 'scaling' }, { revealed: true }), SAM.id, {
      draftHigher: '€'.repeat(2000),
    });
    expect(cardProblems(revealed)).toEqual([]);
    expect(cardText(revealed)).toMatch(/copy as text" has them in full/);
  });

  it('pages the summary so that every page fits and every item appears', () => {
    const summary = withStep({ kind: 'summary' }, { revealed: true });
    const pages = summaryPages(summary).length;
    expect(pages).toBeGreaterThan(3);
    const seen = new Set<string>();
    for (let page = 0; page < pages; page++) {
      const card = cards.summary(summary, SAM.id, { page });
      expect(cardProblems(card)).toEqual([]);
      for (const item of summary.items) if (JSON.stringify(card).includes(item.text.slice(0, 8))) seen.add(item.id);
    }
    expect(seen.size).toBe(summary.items.length);
  });

  it('keeps a checkpoint card within limits', () => {
    const ids = realContent()
      .prompts.prompts.slice(0, 2)
      .map((p) => p.id);
    expect(
      cardProblems(cards.board(withStep({ kind: 'checkpoint', after: 'worries', promptIds: ids }), SAM.id)),
    ).toEqual([]);
  });
});

describe("the map's text boxes take what the server takes", () => {
  /** Every Input.Text in a rendered card, by id, with its maxLength. */
  function maxLengths(card: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) for (const v of o) walk(v);
      else if (o && typeof o === 'object') {
        const r = o as Record<string, unknown>;
        if (r.type === 'Input.Text' && typeof r.id === 'string') out[r.id] = r.maxLength;
        for (const v of Object.values(r)) walk(v);
      }
    };
    walk(card);
    return out;
  }

  it('caps the score reason, the "one point higher" answer, an item edit and the items box at the limits', () => {
    let s = startSession({ id: 's', label: 'Case 4', setting: 'group', facilitator: SAM, now: 0, commandId: 'start' });
    s = apply(
      s,
      { type: 'addItems', question: 'worries', subheading: 'past-harm', texts: ['An item'] },
      { actor: SAM, now: 1, commandId: 'c1' },
    ).session;
    const question = maxLengths(cards.board(s, SAM.id, {}));
    expect(question.editText).toBe(DEFAULT_LIMITS.itemChars);
    // Up to itemsPerSubmit items of itemChars each, one per line; the label says the per-item limit.
    expect(question.items).toBe(DEFAULT_LIMITS.itemsPerSubmit * (DEFAULT_LIMITS.itemChars + 1));
    expect(cardText(cards.board(s, SAM.id, {}))).toContain(`up to ${DEFAULT_LIMITS.itemChars} characters each`);
    s = apply(
      s,
      { type: 'goto', to: 'scaling', revision: steeringRevision(s) },
      { actor: SAM, now: 2, commandId: 'c2' },
    ).session;
    const scaling = maxLengths(cards.board(s, SAM.id, {}));
    expect(scaling.reason).toBe(DEFAULT_LIMITS.reasonChars);
    // "One point higher" shows once a person has scored: the template's box itself.
    const template = JSON.parse(readFileSync(join(__dirname, '../../cards/map-scaling.json'), 'utf8')) as unknown;
    expect(maxLengths(template).higher).toBe(DEFAULT_LIMITS.reasonChars);
  });
});

describe('"Edit" offers what the README says', () => {
  it("offers a participant the items they added, and the facilitator everyone's", () => {
    const ALEX: Person = { id: 'u-alex', name: 'Alex' };
    let s = startSession({ id: 's', label: 'Case 4', setting: 'group', facilitator: SAM, now: 0, commandId: 'start' });
    for (const [who, text, n] of [
      [SAM, "Sam's item", 1],
      [ALEX, "Alex's item", 2],
    ] as const) {
      s = apply(
        s,
        { type: 'addItems', question: 'worries', subheading: 'past-harm', texts: [text] },
        { actor: who, now: n, commandId: `c${n}` },
      ).session;
    }
    /** The titles of the "Item" choices in the Edit card. */
    const offered = (viewer: string) => {
      const found: string[] = [];
      const walk = (o: unknown): void => {
        if (Array.isArray(o)) for (const v of o) walk(v);
        else if (o && typeof o === 'object') {
          const r = o as Record<string, unknown>;
          if (r.id === 'itemId' && Array.isArray(r.choices))
            for (const c of r.choices as { title: string }[]) found.push(c.title);
          for (const v of Object.values(r)) walk(v);
        }
      };
      walk(cards.board(s, viewer, {}));
      return found;
    };
    expect(offered(ALEX.id)).toEqual([expect.stringContaining("Alex's item")]);
    expect(offered(SAM.id)).toEqual([expect.stringContaining("Sam's item"), expect.stringContaining("Alex's item")]);
  });
});
