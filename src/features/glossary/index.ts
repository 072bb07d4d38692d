import { z } from 'zod';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type Reply, type SearchResult } from '../../bot/turn';
import { renderCard } from '../../cards';
import { say } from '../../content/pack';
import type { Term } from '../../content/schema';
import type { Deps } from '../../deps';
import { isBusy } from '../../storage/store';
import type { Capabilities } from '../capabilities';
import { BROWSE, CHOICES, compareCard, INSIGHTS, SIGNPOST_TERM_ID, shortName, signpostCard, termCard } from './cards';
import { GlossaryInsights, type UnansweredOutcome } from './insights';
import { isJunk } from './junk';
import { asksAboutATerm, reportsHarm } from './safeguarding';
import { GlossarySearch, normaliseQuery } from './search';
import { understand } from './understand';

/** Terms per page when browsing a category: keeps the card far below Teams' size limit. */
export const BROWSE_PAGE_SIZE = 8;
/** Results offered in the compose-box search. */
const SEARCH_RESULTS = 10;
/** Longest question echoed back in a card. */
const ECHO_CHARS = 60;
/** What the no-match card says became of the question (no line when there was nothing to keep). */
const NOTED: Record<UnansweredOutcome | 'busy', string | undefined> = {
  kept: 'glossary-question-noted',
  identifying: 'glossary-question-not-kept-identifying',
  empty: undefined,
  busy: undefined,
};

const showSchema = z.object({ id: z.string().max(80), replace: z.boolean().optional() });
const feedbackSchema = z.object({ id: z.string().max(80), helpful: z.boolean() });
const browseSchema = z.object({
  category: z.string().max(40).optional(),
  page: z.coerce.number().int().min(0).max(1000).optional(),
});

export interface GlossaryFeature {
  /** The search index, built on first use (or by `prepare`). */
  search(): GlossarySearch;
  /** Builds the search index now if no question has yet (start-up calls it once the server listens). */
  prepare(): void;
  /** Deletes unanswered questions past the retention period. */
  sweep(now: number): Promise<number>;
  /** Answers a question in the user's own words: a term card, choices, or an honest "not yet". */
  answer(question: string, now: number): Promise<Reply[]>;
  /** True when the question names one term outright, so a look-alike command must not take it. */
  knows(question: string): boolean;
  /** True when a term's name stands whole in the question ("strategy meeting"), whatever else it says. */
  namesTerm(question: string): boolean;
}

/** Term cards, browsing, feedback, insights and the compose-box search. Free text reaches `answer` via the fallback. */
export function register(router: BotRouter, deps: Deps, caps: Capabilities): GlossaryFeature {
  const { content } = deps;
  // Building the index is ~10% of start-up: not before the server listens, but at the first question
  // that needs it or when start-up has nothing else to do (prepare), whichever comes first.
  let index: GlossarySearch | undefined;
  const search = () => {
    index ??= new GlossarySearch(content.glossary.terms, content.glossaryWords);
    return index;
  };
  const byId = new Map(content.glossary.terms.map((t) => [t.id, t]));
  const insights = new GlossaryInsights(deps.store, deps.config.retentionDays);
  const glossaryLink = {
    title: 'Signs of Safety Toolkit',
    url: content.training.links.find((l) => l.id === 'toolkit')?.url ?? content.glossary.terms[0]?.learnMore.url ?? '',
  };

  const cardFor = (term: Term, intro?: string) =>
    term.id === SIGNPOST_TERM_ID
      ? signpostCard(content)
      : termCard(content, term, {
          interactive: true,
          intro,
          offerGuide: caps.has('guides'),
          offerBuilder: caps.has('builder'),
        });

  const browseCard = (category?: string, page = 0) => {
    const cat = content.glossary.categories.find((c) => c.id === category);
    if (!cat) {
      return renderCard(BROWSE, {
        title: say(content, 'glossary-browse-title'),
        intro: say(content, 'glossary-browse-intro'),
        category: '',
        categories: content.glossary.categories.map((c) => ({
          ...c,
          count: content.glossary.terms.filter((t) => t.category === c.id).length,
        })),
        terms: [],
        pageLabel: '',
        prevPage: -1,
        nextPage: -1,
      });
    }
    const all = content.glossary.terms
      .filter((t) => t.category === cat.id)
      .sort((a, b) => a.term.localeCompare(b.term));
    const pages = Math.max(1, Math.ceil(all.length / BROWSE_PAGE_SIZE));
    const p = Math.min(page, pages - 1);
    return renderCard(BROWSE, {
      title: cat.title,
      intro: say(content, 'glossary-browse-category-intro', { description: cat.description }),
      category: cat.id,
      categories: [],
      terms: all
        .slice(p * BROWSE_PAGE_SIZE, (p + 1) * BROWSE_PAGE_SIZE)
        .map((t) => ({ id: t.id, term: t.term, summary: t.summary })),
      pageLabel: pages > 1 ? say(content, 'glossary-page', { page: p + 1, pages }) : '',
      prevPage: p > 0 ? p - 1 : -1,
      nextPage: p < pages - 1 ? p + 1 : -1,
    });
  };

  /** "1 vote", "3 votes": a count in words, from the messages `<key>-one` and `<key>`. */
  const counted = (key: string, count: number) =>
    count === 1 ? say(content, `${key}-one`) : say(content, key, { count });

  const choicesCard = (title: string, intro: string, terms: Term[]) =>
    renderCard(CHOICES, {
      title,
      intro,
      choices: terms.map((t) => ({ id: t.id, term: t.term, summary: t.summary })),
      note: say(content, 'glossary-identifying-reminder'),
      moreLink: glossaryLink,
    });

  /** Answers a question in the user's own words. */
  const answer = async (question: string, now: number): Promise<Reply[]> => {
    const outcome = understand(search(), question);
    if (reportsHarm(question)) {
      // Someone telling of harm to a child: what to do now comes first, whatever else the question names.
      const signpost = card(signpostCard(content));
      if (outcome.kind === 'answer' && outcome.term.id !== SIGNPOST_TERM_ID && asksAboutATerm(question))
        return [signpost, card(cardFor(outcome.term))];
      return [signpost];
    }
    switch (outcome.kind) {
      case 'answer':
        return [card(cardFor(outcome.term))];
      case 'same': {
        // Say it with the term's own name, and the other name as the person typed it.
        const name = shortName(outcome.term.term);
        const other = outcome.names.find((n) => n.toLowerCase() !== name.toLowerCase()) ?? outcome.names[1] ?? '';
        return [card(cardFor(outcome.term, say(content, 'glossary-same-term', { other, term: name })))];
      }
      case 'compare':
        return [card(compareCard(content, outcome.terms[0], outcome.terms[1], outcome.also))];
      case 'choices':
        return [
          card(choicesCard(say(content, 'glossary-not-sure-title'), say(content, 'glossary-not-sure'), outcome.terms)),
        ];
      default: {
        // A held key or a keyboard run is no question: say so briefly, and never keep it for practice leads.
        if (isJunk(question)) return [{ type: 'text', text: say(content, 'glossary-unreadable') }];
        // Kept for practice leads only if nothing in it looks identifying; a busy store never costs the answer.
        let kept: UnansweredOutcome | 'busy' = 'busy';
        try {
          kept = await insights.unanswered(question, normaliseQuery(question), now);
        } catch (err) {
          if (!isBusy(err)) throw err;
        }
        const echo = question.trim().replace(/\s+/g, ' ').slice(0, ECHO_CHARS);
        const said = say(
          content,
          outcome.suggestions.length ? 'glossary-no-match-nearest' : 'glossary-no-match-nothing-close',
          {
            query: echo,
          },
        );
        // Say the question was noted only when it was; say why when it was left out.
        const noted = NOTED[kept];
        const intro = noted ? `${said} ${say(content, noted)}` : said;
        return [card(choicesCard(say(content, 'glossary-no-match-title'), intro, outcome.suggestions))];
      }
    }
  };

  router.command(
    'glossary',
    ['browse glossary', 'browse', 'terms', 'all terms', 'a-z'],
    async () => [card(browseCard())],
    {
      askedAbout: 'self',
    },
  );
  // "glossary" alone browses; "glossary danger statement" (as the Teams command menu suggests) asks.
  router.command(
    'glossary',
    ['glossary', 'define', 'explain'],
    async (turn, args) => (args ? answer(args, turn.now) : [card(browseCard())]),
    { takesArgs: true, askedAbout: 'self' },
  );

  router.command(
    'glossary',
    ['glossary insights', 'insights'],
    async (turn) => {
      // Questions people asked are never posted where others can read them.
      if (turn.conversation.kind !== 'personal')
        return [{ type: 'text', text: say(content, 'glossary-insights-personal-only') }];
      if (!isPracticeLead(deps, turn.actor)) return [{ type: 'text', text: say(content, 'glossary-insights-denied') }];
      const report = await insights.report();
      const least = report.votes
        .filter((v) => v.down > 0)
        .sort((a, b) => b.down - b.up - (a.down - a.up) || b.down - a.down)
        .slice(0, 10)
        .map((v) => ({ term: shortName(byId.get(v.termId)?.term ?? v.termId), up: v.up, down: v.down }));
      const totalVotes = report.votes.reduce((n, v) => n + v.up + v.down, 0);
      const questions = (await deps.store.list('glossary/unanswered/')).length;
      return [
        card(
          renderCard(INSIGHTS, {
            intro: say(content, 'glossary-insights-intro', { days: deps.config.retentionDays }),
            unanswered: report.unanswered.map((u) => ({ query: u.query, count: u.count })),
            leastHelpful: least,
            totals: say(content, 'glossary-insights-totals', {
              votes: counted('glossary-insights-votes', totalVotes),
              terms: counted('glossary-insights-terms', report.votes.length),
              questions: counted('glossary-insights-questions', questions),
            }),
          }),
        ),
      ];
    },
    { askedAbout: 'self' },
  );

  router.action('glossary', 'glossary', async (turn: ActionTurn): Promise<ActionOutcome> => {
    switch (turn.verb) {
      case 'glossary.show': {
        const data = showSchema.safeParse(turn.data);
        if (!data.success)
          return { replies: [{ type: 'text', text: say(content, 'malformed-action') }, card(browseCard())] };
        const term = byId.get(data.data.id);
        if (!term)
          return { replies: [{ type: 'text', text: say(content, 'glossary-unknown-term') }, card(browseCard())] };
        return data.data.replace ? { card: cardFor(term) } : { replies: [card(cardFor(term))] };
      }
      case 'glossary.feedback': {
        const data = feedbackSchema.safeParse(turn.data);
        const term = data.success ? byId.get(data.data.id) : undefined;
        if (!data.success || !term) return { replies: [{ type: 'text', text: say(content, 'malformed-action') }] };
        await insights.vote(term.id, data.data.helpful);
        const thanks = say(content, data.data.helpful ? 'glossary-feedback-thanks-yes' : 'glossary-feedback-thanks-no');
        return {
          card: termCard(content, term, {
            interactive: true,
            feedback: 'thanks',
            feedbackThanks: thanks,
            offerGuide: caps.has('guides'),
            offerBuilder: caps.has('builder'),
          }),
        };
      }
      case 'glossary.browse': {
        const data = browseSchema.safeParse(turn.data);
        if (!data.success) return { card: browseCard() };
        return { card: browseCard(data.data.category, data.data.page ?? 0) };
      }
      default:
        return { replies: [{ type: 'text', text: say(content, 'unknown-action') }] };
    }
  });

  router.search(async (turn): Promise<SearchResult[]> => {
    const terms = turn.query.trim()
      ? search().suggest(turn.query, SEARCH_RESULTS)
      : content.glossary.terms
          .filter((t) => t.category === 'model' || t.category === 'mapping')
          .slice(0, SEARCH_RESULTS);
    return terms.map((term) => ({
      title: term.term,
      subtitle: term.summary,
      card: termCard(content, term, { interactive: false, feedback: 'none' }),
    }));
  });

  return {
    search,
    prepare: () => void search(),
    answer,
    sweep: (now) => insights.sweep(now),
    knows: (question) => search().search(question).kind === 'answer',
    namesTerm: (question) => search().namedTerms(question).length > 0,
  };
}

function isPracticeLead(deps: Deps, actor: { id: string; aadObjectId?: string }): boolean {
  const leads = deps.config.practiceLeads;
  return leads.includes(actor.id) || (actor.aadObjectId !== undefined && leads.includes(actor.aadObjectId));
}
