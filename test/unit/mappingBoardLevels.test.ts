import * as cardsModule from '../../src/cards';
import { type AdaptiveCard, cardBytes, firstThatFits, loadCardTemplates } from '../../src/cards';
import { BOARD_LEVELS, ITEM_JSON_MIN, MappingCards, type View } from '../../src/features/mapping/cards';
import { apply, type MappingSession, type Person, startSession } from '../../src/features/mapping/model';
import { realContent } from '../helpers/testBot';

const SAM: Person = { id: 'u-sam', name: 'Sam' };
const ALEX: Person = { id: 'u-alex', name: 'Alex Worker' };
beforeAll(() => loadCardTemplates());

/** A group map with `n` worries, alternately Sam's and Alex's, each `text(i)`. */
function mapWith(n: number, text: (i: number) => string, id = 's'): MappingSession {
  let s = startSession({ id, label: 'Case 9', setting: 'group', facilitator: SAM, now: 0, commandId: 'start' });
  for (let i = 0; i < n; i += 10) {
    const texts = Array.from({ length: Math.min(10, n - i) }, (_, j) => text(i + j));
    const actor = (i / 10) % 2 === 0 ? SAM : ALEX;
    s = apply(
      s,
      { type: 'addItems', question: 'worries', subheading: 'past-harm', texts },
      { actor, now: 1, commandId: `c${i}` },
    ).session;
  }
  return s;
}

/** The board as it was made before: every level tried from the fullest. */
function fromTheFullest(cards: MappingCards, s: MappingSession, viewer: string, view: View = {}): AdaptiveCard {
  const at = (cards as unknown as { questionAt: (...args: unknown[]) => AdaptiveCard }).questionAt.bind(cards);
  if (s.step.kind !== 'question') throw new Error('a question step was expected');
  const q = s.step.question;
  return firstThatFits(BOARD_LEVELS, (level) => at(s, q, viewer, view, level));
}

const texts: Record<string, (i: number) => string> = {
  short: (i) => `worry number ${i + 1} about the home`,
  long: (i) => `${i} ${'a long worry about what happened at home '.repeat(11)}`.slice(0, 480),
  euro: (i) => `${i} ${'€'.repeat(150)}`,
  mixed: (i) => (i % 3 === 0 ? `${i} ${'€'.repeat(90)}` : `worry ${i} "quoted" \\ and more words here`),
  // Emoji (two UTF-16 units each) at every offset, so the choices' titles are cut at and beside them.
  emoji: (i) => `${'x'.repeat(i % 2)}${i} ${'😀'.repeat(40)}`,
};

describe('the mapping board at the fullest level that fits', () => {
  it.each(Object.keys(texts))('is the same card as trying every level from the fullest (%s items)', (kind) => {
    const make = texts[kind] as (i: number) => string;
    // One instance for the whole run, so each view starts from the level that fitted for a bigger or
    // smaller map before (the same session id throughout): growing, then shrinking.
    const cards = new MappingCards(realContent(), 30);
    const sizes = [0, 1, 20, 40, 60, 75, 90, 110, 130, 150, 140, 100, 70, 50, 30, 10, 150, 5];
    for (const n of sizes) {
      const s = mapWith(n, make);
      for (const viewer of [SAM.id, ALEX.id, '']) {
        for (const view of [{}, { draft: 'x'.repeat(3000) }] as View[]) {
          const expected = fromTheFullest(cards, s, viewer, view);
          expect(cards.board(s, viewer, view)).toEqual(expected);
        }
      }
    }
  });

  it('reaches levels below the fullest for long maps (so the shortcut is exercised)', () => {
    const cards = new MappingCards(realContent(), 30);
    const s = mapWith(150, texts.short as (i: number) => string);
    const card = cards.board(s, SAM.id);
    expect(JSON.stringify(card)).toMatch(/earlier items under this question aren't shown here/);
    // The second time it starts from the level that fitted: one expansion, not one too large and then
    // the one that fits, and the same card.
    const expanded = jest.spyOn(cardsModule, 'renderSliced');
    const again = cards.board(s, SAM.id);
    expect(expanded).toHaveBeenCalledTimes(1);
    expanded.mockRestore();
    expect(again).toEqual(fromTheFullest(cards, s, SAM.id));
  });

  it('renders a long map once per view from then on, not a fuller card too large first (groups of three, notices)', () => {
    // As the bot makes them: with the danger-statement builder offered (its worries on the card).
    const cards = new MappingCards(realContent(), 30, true);
    const lead: Person = { id: 'u-sam', name: 'Sam Supervisor' };
    const people = [lead, ALEX, { id: 'u-jo', name: 'Jo Health' }];
    let s = startSession({
      id: 'g3',
      label: 'Bench case',
      setting: 'group',
      facilitator: lead,
      now: 0,
      commandId: 'start',
    });
    for (let i = 0; i < 150; i += 20) {
      const texts = Array.from({ length: Math.min(20, 150 - i) }, (_, j) => `worry number ${i + j + 1} about the home`);
      s = apply(
        s,
        { type: 'addItems', question: 'worries', subheading: 'past-harm', texts },
        { actor: people[(i / 20) % 3] as Person, now: 1, commandId: `c${i}` },
      ).session;
    }
    const expanded = jest.spyOn(cardsModule, 'renderSliced');
    const views: View[] = [{}, { notice: 'Sam Supervisor changed item #1.', noticeStyle: 'good' }];
    for (const viewer of people.map((p) => p.id).concat(''))
      for (const view of views) {
        cards.board(s, viewer, view);
        expanded.mockClear();
        const again = cards.board(s, viewer, view);
        expect({ viewer, view, expansions: expanded.mock.calls.length }).toEqual({ viewer, view, expansions: 1 });
        expect(again).toEqual(fromTheFullest(cards, s, viewer, view));
      }
    expanded.mockRestore();
  });

  it('one more item shown adds at least ITEM_JSON_MIN bytes beside its number, text and byline', () => {
    const cards = new MappingCards(realContent(), 30);
    const one = mapWith(1, texts.short as (i: number) => string);
    const two = mapWith(2, texts.short as (i: number) => string);
    // Alex sees no choices, so the difference is the one item (and its count in the heading).
    const grown = cardBytes(cards.board(two, ALEX.id)) - cardBytes(cards.board(one, ALEX.id));
    const item = two.items[1];
    if (!item) throw new Error('two items expected');
    const json = JSON.stringify(cards.board(two, ALEX.id));
    const byline = [...json.matchAll(/"text":" · ([^"]*)","isSubtle"/g)].at(-1)?.[1] ?? '';
    expect(byline.length).toBeGreaterThan(0);
    expect(grown).toBeGreaterThanOrEqual(
      ITEM_JSON_MIN + Buffer.byteLength(item.id.slice(1)) + Buffer.byteLength(item.text) + Buffer.byteLength(byline),
    );
  });
});
