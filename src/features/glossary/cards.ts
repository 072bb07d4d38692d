import { type AdaptiveCard, cardTemplate, renderCard } from '../../cards';
import type { ContentPack } from '../../content/pack';
import type { Term } from '../../content/schema';

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

export const TERM = cardTemplate<TermCardData>('term');
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

export function termCard(content: ContentPack, term: Term, options: TermCardOptions): AdaptiveCard {
  const byId = new Map(content.glossary.terms.map((t) => [t.id, t]));
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
    learnMore: term.learnMore,
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

/** "Child in need (CIN)" -> "Child in need": buttons stay short. */
export function shortName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').slice(0, 40);
}
