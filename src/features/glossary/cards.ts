import { type AdaptiveCard, cardTemplate, renderCard, shorten } from '../../cards';
import { type ContentPack, say } from '../../content/pack';
import type { Term } from '../../content/schema';
import { sealJson } from '../../http/json';

export interface TermCardData {
  intro: string;
  id: string;
  term: string;
  categoryTitle: string;
  summary: string;
  detail: string;
  example: string;
  source: string;
  learnMore: { title: string; url: string };
  related: { id: string; term: string }[];
  relatedList: string;
  interactive: boolean;
  feedback: 'ask' | 'thanks' | 'none';
  feedbackThanks: string;
  guide: { id: string; title: string } | null;
  builder: { kind: string; title: string } | null;
}

export interface ChoicesCardData {
  title: string;
  intro: string;
  choices: { id: string; term: string; summary: string }[];
  note: string;
  moreLink: { title: string; url: string };
}

export interface BrowseCardData {
  title: string;
  intro: string;
  category: string;
  categories: { id: string; title: string; description: string; count: number }[];
  terms: { id: string; term: string; summary: string }[];
  pageLabel: string;
  prevPage: number;
  nextPage: number;
}

export interface InsightsCardData {
  intro: string;
  unanswered: { query: string; count: number }[];
  leastHelpful: { term: string; up: number; down: number }[];
  totals: string;
}

export interface CompareCardData {
  title: string;
  /** "What sets them apart" (a practice lead's words) or "Side by side". */
  differenceTitle: string;
  difference: string;
  sides: { id: string; term: string; categoryTitle: string; summary: string; button: string }[];
  note: string;
}

export interface SignpostCardData {
  title: string;
  dangerNow: string;
  frontDoorIntro: string;
  contacts: { label: string; value: string }[];
  notSetYet: string;
  dsl: string;
  dontWait: string;
  links: { title: string; url: string }[];
}

export const TERM = cardTemplate<TermCardData>('term');
export const COMPARE = cardTemplate<CompareCardData>('glossary-compare');
export const SIGNPOST = cardTemplate<SignpostCardData>('glossary-signpost');
export const INSIGHTS = cardTemplate<InsightsCardData>('glossary-insights');
export const CHOICES = cardTemplate<ChoicesCardData>('term-choices');
export const BROWSE = cardTemplate<BrowseCardData>('glossary-browse');

/** Options for a term card: where it is shown decides which buttons it can have. */
export interface TermCardOptions {
  /** False for cards inserted through the message extension: they live in chats without the bot. */
  interactive: boolean;
  intro?: string;
  feedback?: 'ask' | 'thanks' | 'none';
  feedbackThanks?: string;
  /** Offer the practice-tool guide / statement builder buttons (only once those features exist). */
  offerGuide?: boolean;
  offerBuilder?: boolean;
}

/** The builder button's words for each kind of statement. */
const BUILDER_TITLES: Record<string, string> = {
  'danger-statement': 'Build a danger statement',
  'safety-goal': 'Build a safety goal',
};

/**
 * A term's card. The same term with the same options gives the same card, so it is kept, keyed by
 * the term itself (its object in the loaded pack) and the options: a glossary turn then reaches
 * renderCard (whose own cache key is the JSON of the whole card data) only the first time.
 */
export function termCard(content: ContentPack, term: Term, options: TermCardOptions): AdaptiveCard {
  const variant = variantOf(options);
  let byTerm = termCards.get(content);
  if (!byTerm) {
    byTerm = new WeakMap();
    termCards.set(content, byTerm);
  }
  let cards = byTerm.get(term);
  if (!cards) {
    cards = new Map();
    byTerm.set(term, cards);
  }
  const cached = cards.get(variant);
  if (cached) return cached;
  // Kept and shared, so never changed: its JSON is made once and reused in every answer (http/json.ts).
  const card = sealJson(renderTermCard(content, term, options));
  // Variants are few (where it is shown, which intro or thanks line from the pack): a bound all the same.
  if (cards.size >= TERM_VARIANTS) cards.delete(cards.keys().next().value as string);
  cards.set(variant, card);
  return card;
}

/** Rendered term cards by pack, then term, then options. Cards are never mutated after rendering. */
const termCards = new WeakMap<ContentPack, WeakMap<Term, Map<string, AdaptiveCard>>>();
/** Most variants kept per term, oldest dropped first. */
const TERM_VARIANTS = 16;

/** Every option that changes a term card, as one string. */
function variantOf(o: TermCardOptions): string {
  return `${o.interactive ? 1 : 0}${o.offerGuide ? 1 : 0}${o.offerBuilder ? 1 : 0}${o.feedback ?? 'ask'}\u0000${o.intro ?? ''}\u0000${o.feedbackThanks ?? ''}`;
}

/** Terms by id, built once per pack. */
const termsById = new WeakMap<ContentPack, Map<string, Term>>();

function renderTermCard(content: ContentPack, term: Term, options: TermCardOptions): AdaptiveCard {
  let byId = termsById.get(content);
  if (!byId) {
    byId = new Map(content.glossary.terms.map((t) => [t.id, t]));
    termsById.set(content, byId);
  }
  const related = term.related.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, term: shortName(r.term) }] : [];
  });
  const guide = options.offerGuide && term.guide ? content.guides.find((g) => g.id === term.guide) : undefined;
  return renderCard(TERM, {
    intro: options.intro ?? '',
    id: term.id,
    term: term.term,
    categoryTitle: content.glossary.categories.find((c) => c.id === term.category)?.title ?? '',
    summary: term.summary,
    detail: term.detail,
    example: term.example,
    source: term.source.name,
    // A button title Teams shows whole at chat widths, not the page's long title (the source line names it).
    learnMore: { title: say(content, 'glossary-learn-more'), url: term.learnMore.url },
    related,
    relatedList: related.map((r) => r.term).join(', '),
    interactive: options.interactive,
    feedback: options.feedback ?? 'ask',
    feedbackThanks: options.feedbackThanks ?? '',
    guide: guide ? { id: guide.id, title: `How to use ${guide.title}` } : null,
    builder:
      options.offerBuilder && term.builder
        ? { kind: term.builder, title: BUILDER_TITLES[term.builder] ?? 'Build one' }
        : null,
  });
}

/** The glossary entry that opens the safeguarding signpost card instead of a term card. */
export const SIGNPOST_TERM_ID = 'safeguarding-signpost';

/**
 * Two terms side by side: what sets them apart (the pack's words for this pair, or a line saying the
 * summaries show the difference), each with a button to its full card.
 */
export function compareCard(content: ContentPack, a: Term, b: Term, also: Term[] = []): AdaptiveCard {
  const key = (x: string, y: string) => [x, y].sort().join(' ');
  const curated = content.glossaryWords.comparisons.find((c) => key(c.terms[0], c.terms[1]) === key(a.id, b.id));
  const category = (t: Term) => content.glossary.categories.find((c) => c.id === t.category)?.title ?? '';
  // Only a practice lead's own words say what sets two terms apart; otherwise the card says so and
  // shows the two summaries side by side, rather than inventing a difference.
  return renderCard(COMPARE, {
    title: say(content, 'glossary-compare-title', { a: shortName(a.term), b: shortName(b.term) }),
    differenceTitle: say(content, curated ? 'glossary-compare-apart' : 'glossary-compare-side-by-side'),
    difference: curated?.difference ?? say(content, 'glossary-compare-summaries'),
    sides: [a, b].map((t) => ({
      id: t.id,
      term: t.term,
      categoryTitle: category(t),
      summary: t.summary,
      button: say(content, 'glossary-compare-open', { term: buttonName(t.term) }),
    })),
    // A third term asked about in the same question is named, never dropped without a word.
    note: also.length
      ? say(content, 'glossary-compare-also', {
          others: also.map((t) => shortName(t.term)).join(', '),
          a: shortName(a.term),
          other: shortName((also[0] as Term).term),
        })
      : '',
  });
}

/**
 * "I'm worried about a child": what to do now, with the front door's number and link only when the
 * trust has set them in signpost.yaml; until then, the manager or DSL and the partnership's pages.
 */
export function signpostCard(content: ContentPack): AdaptiveCard {
  const s = content.signpost;
  const m = (k: string) => say(content, k);
  const contacts = [
    s.frontDoor.phone ? { label: m('signpost-front-door-phone'), value: s.frontDoor.phone } : undefined,
    s.frontDoor.outOfHours ? { label: m('signpost-out-of-hours'), value: s.frontDoor.outOfHours } : undefined,
  ].filter((c): c is { label: string; value: string } => c !== undefined);
  const links = [
    ...(s.frontDoor.url ? [{ title: m('signpost-referral-link'), url: s.frontDoor.url }] : []),
    ...s.partnershipLinks,
  ];
  const isSet = contacts.length > 0 || s.frontDoor.url !== '';
  return renderCard(SIGNPOST, {
    title: s.title,
    dangerNow: s.dangerNow,
    frontDoorIntro: isSet ? s.frontDoorIntro : '',
    contacts,
    notSetYet: isSet ? '' : s.notSetYet,
    dsl: s.dsl,
    dontWait: s.dontWait,
    links,
  });
}

/** "Child in need (CIN)" -> "Child in need": buttons stay short. */
export function shortName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').slice(0, 40);
}

/** A term's name short enough for a button: the name, or its bracketed short form ("EPO"), never a cut-off word. */
export function buttonName(name: string, max = 22): string {
  const short = shortName(name);
  if (short.length <= max) return short;
  const abbreviation = name.match(/\(([^)]{1,12})\)\s*$/)?.[1];
  return abbreviation ?? shorten(short, max);
}
