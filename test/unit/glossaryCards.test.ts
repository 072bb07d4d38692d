import * as cards from '../../src/cards';
import { loadContent } from '../../src/content/pack';
import { type TermCardOptions, termCard } from '../../src/features/glossary/cards';

const content = loadContent();
/** A second copy of the pack: its term objects are new, so nothing rendered for the first is reused. */
const fresh = loadContent();
const term = (pack: typeof content, pick: (t: (typeof content.glossary.terms)[number]) => boolean) => {
  const found = pack.glossary.terms.find(pick);
  if (!found) throw new Error('no such term in the pack');
  return found;
};
const withBuilder = (pack: typeof content) => term(pack, (t) => t.builder !== undefined && t.related.length > 0);
const withGuide = (pack: typeof content) => term(pack, (t) => t.guide !== undefined);

describe('term cards, kept by term and options', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders a term with the same options once, then gives the same card', () => {
    const render = jest.spyOn(cards, 'renderCard');
    const options: TermCardOptions = { interactive: true, offerGuide: true, offerBuilder: true };
    const first = termCard(content, withBuilder(content), options);
    const again = termCard(content, withBuilder(content), { ...options });
    expect(again).toBe(first);
    expect(render).toHaveBeenCalledTimes(1);
    // What was kept is what rendering it anew gives.
    expect(JSON.stringify(first)).toBe(JSON.stringify(termCard(fresh, withBuilder(fresh), options)));
  });

  it('gives every option that changes the card its own card, each as rendering it anew would', () => {
    const variants: TermCardOptions[] = [
      { interactive: true },
      { interactive: false, feedback: 'none' },
      { interactive: true, offerGuide: true },
      { interactive: true, offerBuilder: true },
      { interactive: true, intro: 'An intro line' },
      { interactive: true, intro: 'Another intro line' },
      { interactive: true, feedback: 'thanks', feedbackThanks: 'Thanks!' },
      { interactive: true, feedback: 'thanks', feedbackThanks: 'Thanks, noted.' },
    ];
    for (const pick of [withBuilder, withGuide]) {
      const shown = variants.map((o) => JSON.stringify(termCard(content, pick(content), o)));
      // Asked again in another order, each variant still gets its own card.
      const again = [...variants].reverse().map((o) => JSON.stringify(termCard(content, pick(content), o)));
      expect(again.reverse()).toEqual(shown);
      expect(variants.map((o) => JSON.stringify(termCard(fresh, pick(fresh), o)))).toEqual(shown);
    }
    // The options do change the card (otherwise the test above would prove nothing).
    const builderCards = variants.map((o) => JSON.stringify(termCard(content, withBuilder(content), o)));
    expect(new Set(builderCards).size).toBeGreaterThanOrEqual(6);
    const guide = withGuide(content);
    expect(JSON.stringify(termCard(content, guide, { interactive: true, offerGuide: true }))).not.toBe(
      JSON.stringify(termCard(content, guide, { interactive: true })),
    );
  });

  it('keeps the cards of each term apart', () => {
    const [a, b] = content.glossary.terms;
    if (!a || !b) throw new Error('the pack has fewer than two terms');
    const options = { interactive: true };
    expect(termCard(content, a, options)).not.toBe(termCard(content, b, options));
    expect(JSON.stringify(termCard(content, b, options))).toContain(JSON.stringify(b.term).slice(1, -1));
  });
});
