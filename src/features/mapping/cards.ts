import { ukDate } from '../../bot/dates';
import type { NoticeStyle } from '../../cards';
import {
  type AdaptiveCard,
  cardTemplate,
  firstThatFits,
  fullestThatFits,
  NOTICE,
  type NoticeCardData,
  renderCard,
  renderSliced,
  shorten,
  slicedTemplate,
} from '../../cards';
import { type ContentPack, say } from '../../content/pack';
import type { PromptCategory } from '../../content/schema';
import { steeringRevision } from '../../guided/kernel';
import { sameText } from '../reviews/rounds';
import { DEFAULT_REVIEW_LIMITS, localDay, REVIEW_WEEKS } from '../reviews/schedule';
import { type ReviewSummaryData, reviewSummary } from '../reviews/view';
import {
  carriedIds,
  type MapItem,
  type MappingSession,
  previousRound,
  QUESTIONS,
  type QuestionId,
  SUBHEADINGS,
  type SubheadingId,
  scoreStats,
} from './model';
import { orderedItems, summaryPages, titles } from './summary';

/**
 * What a question card tries, fullest first, until it fits Teams' limit: bytes of item text shown,
 * how many recent items "edit or remove" offers, and how long their labels are.
 */
export const BOARD_LEVELS = [
  { items: 14 * 1024, choices: 40, label: 50 },
  { items: 8 * 1024, choices: 25, label: 40 },
  { items: 3 * 1024, choices: 15, label: 30 },
  { items: 0, choices: 10, label: 24 },
];
/** Views whose last fitting board level is remembered (the oldest forgotten first). */
const FITTED_KEPT = 500;
/** Bytes allowed for the "not shown" line's surrounding JSON when it is left out of a fuller card. */
const NOTE_MARGIN = 256;
/**
 * The fewest bytes of JSON one shown item adds to map-question beside its number, text and byline: its
 * RichTextBlock with those three empty (no comma when it is the first in its group). Exact for today's
 * template; test/unit/mappingBoardLevels.test.ts fails if an edit to the template makes it an overestimate.
 */
export const ITEM_JSON_MIN = 209;
/** The fewest bytes one more "edit or remove" choice adds beside its title and value (`{"title":"","value":""},`). */
const CHOICE_JSON_MIN = 24;

/** The items a card shows with `budget` bytes: the newest kept, the oldest giving way when it would get too big. */
function shownItems(items: readonly MapItem[], budget: number): Set<string> {
  let left = budget;
  const shown = new Set<string>();
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as MapItem;
    left -= Buffer.byteLength(item.text, 'utf8') + 160;
    if (left < 0) break;
    shown.add(item.id);
  }
  return shown;
}

/** An "edit or remove" choice's title: the item's number and its text cut to `label` characters. */
const choiceTitle = (item: MapItem, label: number) => `#${item.id.slice(1)} ${shorten(item.text, label)}`;

/** Characters of worries handed to the danger-statement builder (its own limit per part). */
const BUILDER_WORRIES_CHARS = 600;
/** Characters of each reason shown with scores, tried in turn until the card fits. */
const REASON_LENGTHS = [Number.POSITIVE_INFINITY, 280, 100, 30, 0];

export type { NoticeStyle };

/** What the person looking at the card has just done or typed, so nothing is lost on a refusal. */
export interface View {
  notice?: string;
  noticeStyle?: NoticeStyle;
  draft?: string;
  draftSubheading?: string;
  draftReason?: string;
  draftHigher?: string;
  /** Summary page to show. */
  page?: number;
  /** The review choice and date the facilitator picked, kept when refused. */
  draftReviewChoice?: string;
  draftReviewDate?: string;
  /** Offer "add anyway" after an identifier warning (only where the trust allows it). */
  allowOverride?: boolean;
}

interface Base {
  sid: string;
  rev: number;
  label: string;
  notice: string;
  noticeStyle: NoticeStyle;
  canSteer: boolean;
  footer: string;
}

/** A refusal of what someone typed, shown next to the box and the button they used. */
interface FormNotice {
  formNotice: string;
  formNoticeStyle: NoticeStyle;
}

export interface QuestionCardData extends Base, FormNotice {
  question: QuestionId;
  stepLabel: string;
  title: string;
  intro: string;
  prompts: string[];
  groups: { title: string; hint: string; count: number; items: { no: string; text: string; byline: string }[] }[];
  hiddenNote: string;
  subheadingChoices: { title: string; value: string }[];
  subheadingValue: string;
  draft: string;
  allowOverride: boolean;
  /** Worries to start a danger statement from (worries question only; empty hides the button). */
  builderWorries: string;
  itemChoices: { title: string; value: string }[];
  canGoBack: boolean;
  nextLabel: string;
  jumps: { title: string; to: string }[];
  /** A review round: last round's items can be marked still true or resolved. */
  reviewing: boolean;
  reviewIntro: string;
  stillLabel: string;
  resolveLabel: string;
}

export interface CheckpointCardData extends Base {
  intro: string;
  prompts: { text: string; category: string }[];
  nextLabel: string;
  backLabel: string;
}

export interface ScalingCardData extends Base, FormNotice {
  higherNotice: string;
  higherNoticeStyle: NoticeStyle;
  title: string;
  question: string;
  zero: string;
  ten: string;
  whyPrompt: string;
  higherPrompt: string;
  privacyNote: string;
  scoreChoices: { title: string; value: string }[];
  draftReason: string;
  draftHigher: string;
  revealed: boolean;
  isGroup: boolean;
  scoredCount: number;
  /** The viewer's own score ('' when they have not scored), for "You scored 5 · change". */
  myScore: string;
  myScoreLine: string;
  /** Only someone who scored, after the reveal, may say what one point higher would look like. */
  canAnswerHigher: boolean;
  progress: string;
  scoredNames: string;
  /** One per score once revealed: the reason and the "one point higher" answer, each on its own line. */
  rows: { title: string; reason: string; higher: string }[];
  statsLine: string;
  prompts: { text: string }[];
}

export interface SummaryCardData extends Base, ReviewSummaryData {
  title: string;
  pageLabel: string;
  prevPage: number;
  nextPage: number;
  columns: { title: string; groups: { title: string; items: { text: string }[]; empty: string }[] }[];
  scalingTitle: string;
  scoresNote: string;
  scoreFacts: { title: string; value: string }[];
  statsLine: string;
  active: boolean;
  /** The session is at its summary step (not showing the summary as a page mid-map). */
  atSummaryStep: boolean;
  reviewChoiceLabel: string;
  reviewChoices: { title: string; value: string }[];
  reviewChoiceValue: string;
  reviewDateLabel: string;
  reviewDateValue: string;
  reviewDateMin: string;
  reviewNotice: string;
  reviewNoticeStyle: NoticeStyle;
  reviewSetLabel: string;
  reviewClearLabel: string;
  reviewStartLabel: string;
  canStartReview: boolean;
  driftPromptsIntro: string;
}

export interface StartCardData {
  privacyReminder: string;
  groupNote: string;
  notice: string;
  draft: string;
}

export const START = cardTemplate<StartCardData>('map-start');
/**
 * A question's board: its items and "edit or remove" choices are expanded one at a time and kept, so an
 * edit to one item of a long map re-evaluates the template for that item only, and the rest is kept
 * whatever the notice, draft and builder text say (renderSliced).
 */
export const QUESTION = slicedTemplate<QuestionCardData>(
  'map-question',
  ['items', 'itemChoices'],
  // Texts that change from one submit to the next (a notice, the worries handed to the builder).
  ['notice', 'formNotice', 'draft', 'builderWorries', 'hiddenNote', 'footer'],
);
export const CHECKPOINT = cardTemplate<CheckpointCardData>('map-checkpoint');
export const SCALING = cardTemplate<ScalingCardData>('map-scaling');
export const SUMMARY = cardTemplate<SummaryCardData>('map-summary');

/** Builds every mapping card from a session and the content pack. */
export class MappingCards {
  constructor(
    private readonly content: ContentPack,
    private readonly retentionDays: number,
    /** Whether the danger-statement builder is there to hand worries to. */
    private readonly offerBuilder = false,
    /** Expands the whole question template every time (as renderCard does), not per item: for tests. */
    private readonly fullExpansion = false,
  ) {}

  /** The board level that last fitted, per session, question and viewer, when it was not the fullest. */
  private readonly fitted = new Map<string, number>();

  start(isGroup: boolean, view: View = {}): AdaptiveCard {
    return renderCard(START, {
      privacyReminder: this.content.mapping.privacyReminder,
      groupNote: isGroup ? say(this.content, 'map-group-note') : '',
      notice: view.notice ?? '',
      draft: view.draft ?? '',
    });
  }

  notice(data: NoticeCardData): AdaptiveCard {
    return renderCard(NOTICE, data);
  }

  /** The card for where the session is now, as seen by `viewerId`. */
  board(session: MappingSession, viewerId: string, view: View = {}): AdaptiveCard {
    if (session.status === 'closed') return this.summary(session, viewerId, view);
    switch (session.step.kind) {
      case 'question':
        return this.question(session, session.step.question, viewerId, view);
      case 'checkpoint':
        return this.checkpoint(session, session.step.after, session.step.promptIds, viewerId, view);
      case 'scaling':
        return this.scaling(session, viewerId, view);
      case 'summary':
        return this.summary(session, viewerId, view);
    }
  }

  /** Who wrote an item and, in a review round, how it stands against the last round. */
  private bylineWithStatus(session: MappingSession, item: MapItem, carried: Set<string>): string {
    const who = byline(item, this.content);
    if (carried.size === 0) return who;
    const was = previousRound(session)?.items.find((i) => i.id === item.id);
    const status = !carried.has(item.id)
      ? 'added'
      : was && !sameText(was.text, item.text)
        ? 'changed'
        : session.stillTrue?.includes(item.id)
          ? 'still'
          : 'unmarked';
    return `${who} · ${say(this.content, `map-status-${status}`)}`;
  }

  /** Median and spread once revealed, and a note when reasons were shortened to fit. */
  private statsLine(session: MappingSession, reasonMax: number): string {
    const stats = scoreStats(session.scores);
    return [
      session.revealed && stats && stats.count > 1
        ? say(this.content, 'map-stats', { median: stats.median, spread: stats.spread, min: stats.min, max: stats.max })
        : '',
      Number.isFinite(reasonMax) ? say(this.content, 'map-reasons-shortened') : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  /** Where the session is, in words ("What's working well?"). */
  stepName(session: MappingSession): string {
    const { questions } = titles(this.content.mapping);
    const step = session.step;
    if (step.kind === 'question') return questions[step.question];
    if (step.kind === 'checkpoint')
      return say(this.content, 'map-step-checkpoint', { question: questions[step.after] });
    if (step.kind === 'scaling') return this.content.mapping.scaling.title;
    return say(this.content, 'guided-step-summary');
  }

  private base(session: MappingSession, viewerId: string, view: View): Base {
    const personal = session.setting === 'personal';
    return {
      sid: session.id,
      rev: steeringRevision(session),
      label: session.label,
      notice: view.notice ?? '',
      noticeStyle: view.noticeStyle ?? 'default',
      // Each person sees their own view (Universal Actions' user-specific views): only the
      // facilitator's has the steering buttons; the view everyone shares (viewerId '') has none.
      canSteer: viewerId === session.facilitator.id,
      // In a personal map there is one person, who facilitates: naming them to themselves says nothing.
      footer: say(
        this.content,
        `${session.keepUntil ? 'map-footer-kept' : 'map-footer'}${personal ? '-personal' : ''}`,
        {
          facilitator: session.facilitator.name,
          people: peopleCount(session.participants.length, this.content),
          days: this.retentionDays,
          date: session.keepUntil ? ukDate(session.keepUntil) : '',
        },
      ),
    };
  }

  private question(session: MappingSession, q: QuestionId, viewerId: string, view: View): AdaptiveCard {
    // However long the map or the draft, the card must fit: show fewer past items until it does. A long
    // map's card is tried first at the level that fitted last time for this view, not expanded in full
    // only to find it too large (the same card, one expansion instead of two at 150 items).
    const key = `${session.id}\u0000${q}\u0000${viewerId}`;
    const mine = session.items.filter((i) => i.question === q);
    const hidden = (level: number) => mine.length - shownItems(mine, BOARD_LEVELS[level]?.items ?? 0).size;
    const { card, index } = fullestThatFits(
      BOARD_LEVELS,
      (level) => this.questionAt(session, q, viewerId, view, level),
      this.fitted.get(key) ?? 0,
      // Level i shows every item level i + 1 shows and more (each its number, text and byline in a
      // block of at least ITEM_JSON_MIN bytes), and more choices; only the "n not shown" line may go.
      (i) => {
        const fuller = BOARD_LEVELS[i];
        const fewer = BOARD_LEVELS[i + 1];
        if (!fuller || !fewer) return 0;
        const more = shownItems(mine, fuller.items);
        const less = shownItems(mine, fewer.items);
        const carried = carriedIds(session);
        let bytes = 0;
        for (const item of mine)
          if (more.has(item.id) && !less.has(item.id))
            bytes +=
              ITEM_JSON_MIN +
              Buffer.byteLength(item.id.slice(1)) +
              Buffer.byteLength(item.text) +
              Buffer.byteLength(this.bylineWithStatus(session, item, carried));
        // The choices: the fuller level lists more of them (each its title and value), and the ones both
        // list with titles cut at its longer length. JSON escaping only adds bytes, and a title cut shorter is
        // the longer one's prefix and an ellipsis, so these raw byte counts stay a lower bound.
        const mayChange = mine.filter((it) => viewerId === session.facilitator.id || it.author.id === viewerId);
        const both = Math.min(mayChange.length, fewer.choices);
        const listed = mayChange.slice(-fuller.choices);
        for (const [n, it] of listed.entries()) {
          const title = Buffer.byteLength(choiceTitle(it, fuller.label));
          if (n < listed.length - both) bytes += CHOICE_JSON_MIN + title + Buffer.byteLength(it.id);
          else bytes += title - Buffer.byteLength(choiceTitle(it, fewer.label));
        }
        const notShown = hidden(i + 1);
        const note = notShown > 0 ? say(this.content, 'map-hidden-items', { hidden: notShown }) : '';
        return bytes - Buffer.byteLength(note) - NOTE_MARGIN;
      },
    );
    this.fitted.delete(key);
    if (index > 0) {
      this.fitted.set(key, index);
      if (this.fitted.size > FITTED_KEPT) this.fitted.delete(this.fitted.keys().next().value as string);
    }
    return card;
  }

  private questionAt(
    session: MappingSession,
    q: QuestionId,
    viewerId: string,
    view: View,
    level: (typeof BOARD_LEVELS)[number],
  ): AdaptiveCard {
    const content = this.content.mapping.questions.find((x) => x.id === q);
    if (!content) throw new Error(`No content for question ${q}`);
    const index = QUESTIONS.indexOf(q);
    const { questions } = titles(this.content.mapping);
    const mine = session.items.filter((i) => i.question === q);
    const shown = shownItems(mine, level.items);
    const hidden = mine.length - shown.size;
    const carried = carriedIds(session);
    const reviewing = carried.size > 0;
    const nextQuestion = QUESTIONS[index + 1];
    const subValue = (SUBHEADINGS[q] as readonly string[]).includes(view.draftSubheading ?? '')
      ? (view.draftSubheading as string)
      : (SUBHEADINGS[q][0] as string);
    const render = this.fullExpansion ? renderCard : renderSliced;
    return render(QUESTION, {
      ...this.base(session, viewerId, view),
      ...placed(this.atForm(view, view.draft !== undefined), 'formNotice'),
      question: q,
      stepLabel: say(this.content, 'map-question-of', { n: index + 1, total: QUESTIONS.length + 1 }),
      title: content.title,
      intro: content.intro,
      prompts: [
        ...content.prompts,
        ...(session.pinned ?? []).flatMap((id) => {
          const held = this.content.prompts.prompts.find((p) => p.id === id);
          return held ? [held.text] : [];
        }),
      ],
      groups: content.subheadings.map((sub) => {
        const items = mine.filter((i) => i.subheading === sub.id);
        return {
          title: sub.title,
          hint: sub.hint,
          count: items.length,
          items: items
            .filter((i) => shown.has(i.id))
            .map((i) => ({ no: i.id.slice(1), text: i.text, byline: this.bylineWithStatus(session, i, carried) })),
        };
      }),
      hiddenNote: hidden > 0 ? say(this.content, 'map-hidden-items', { hidden }) : '',
      subheadingChoices: content.subheadings.map((s) => ({ title: s.title, value: s.id })),
      subheadingValue: subValue,
      draft: view.draft ?? '',
      allowOverride: view.allowOverride === true,
      builderWorries:
        q === 'worries' && mine.length > 0 && this.offerBuilder
          ? shorten(
              mine
                .filter((i) => i.subheading !== 'complicating-factors')
                .map((i) => i.text)
                .join('; '),
              BUILDER_WORRIES_CHARS,
            )
          : '',
      // Only items this person may change: their own, or every item for the facilitator.
      itemChoices: mine
        .filter((i) => viewerId === session.facilitator.id || i.author.id === viewerId)
        .slice(-level.choices)
        .map((i) => ({ title: choiceTitle(i, level.label), value: i.id })),
      reviewing,
      reviewIntro: reviewing ? say(this.content, 'map-review-intro', { round: session.round ?? 1 }) : '',
      stillLabel: say(this.content, 'map-review-still'),
      resolveLabel: say(this.content, 'map-review-resolve'),
      canGoBack: index > 0,
      // Short enough beside the "…" menu at 320 px; the step label says where the person is.
      nextLabel: nextQuestion
        ? say(this.content, 'map-next-question')
        : say(this.content, 'guided-next', { step: this.content.mapping.scaling.title }),
      jumps: [
        ...QUESTIONS.filter((x) => x !== q).map((x) => ({ title: questions[x], to: x })),
        { title: this.content.mapping.scaling.title, to: 'scaling' },
        { title: say(this.content, 'guided-summary-title'), to: 'summary' },
      ],
    });
  }

  private checkpoint(
    session: MappingSession,
    after: QuestionId,
    promptIds: string[],
    viewerId: string,
    view: View,
  ): AdaptiveCard {
    const { questions } = titles(this.content.mapping);
    const categories = new Map(this.content.prompts.categories.map((c) => [c.id, c.title]));
    const prompts = promptIds.flatMap((id) => {
      const p = this.content.prompts.prompts.find((x) => x.id === id);
      return p ? [{ text: p.text, category: categories.get(p.category as PromptCategory) ?? '' }] : [];
    });
    const nextQuestion = QUESTIONS[QUESTIONS.indexOf(after) + 1];
    return renderCard(CHECKPOINT, {
      ...this.base(session, viewerId, view),
      intro: say(
        this.content,
        session.setting === 'personal' ? 'map-checkpoint-intro-personal' : 'map-checkpoint-intro',
        {
          question: questions[after],
        },
      ),
      prompts,
      nextLabel: say(this.content, 'map-continue', {
        step: nextQuestion ? questions[nextQuestion] : this.content.mapping.scaling.title,
      }),
      backLabel: say(this.content, 'map-back-to', { question: questions[after] }),
    });
  }

  private scaling(session: MappingSession, viewerId: string, view: View): AdaptiveCard {
    return firstThatFits(REASON_LENGTHS, (max) => this.scalingAt(session, viewerId, view, max));
  }

  /**
   * A refusal of what the person typed (a warning, a limit) goes next to the box and the button they
   * used, where they are looking, instead of at the top of a tall card; their text stays in the box.
   */
  private atForm(view: View, typedHere: boolean): { notice?: string; text: string; style: NoticeStyle } {
    if (!typedHere || view.noticeStyle !== 'attention' || !view.notice) return { text: '', style: 'default' };
    return { notice: '', text: view.notice, style: 'attention' };
  }

  /** The viewer's own score, shown back to them ("You scored 5"), and whether they may answer "one point higher". */
  private myScore(
    session: MappingSession,
    viewerId: string,
  ): { myScore: string; myScoreLine: string; canAnswerHigher: boolean } {
    const mine = session.scores.find((x) => x.person.id === viewerId);
    return {
      myScore: mine ? String(mine.score) : '',
      myScoreLine: mine ? say(this.content, 'map-you-scored', { score: mine.score }) : '',
      canAnswerHigher: mine !== undefined && session.revealed,
    };
  }

  private scalingAt(session: MappingSession, viewerId: string, view: View, reasonMax: number): AdaptiveCard {
    const s = this.content.mapping.scaling;
    const isGroup = session.setting === 'group';
    const promptTexts = (session.revealed ? session.scalingPrompts : [])
      .map((id) => this.content.prompts.prompts.find((p) => p.id === id)?.text)
      .filter((t): t is string => Boolean(t));
    return renderCard(SCALING, {
      ...this.base(session, viewerId, view),
      ...placed(this.atForm(view, view.draftReason !== undefined), 'formNotice'),
      ...placed(this.atForm(view, view.draftHigher !== undefined), 'higherNotice'),
      title: s.title,
      question: s.question,
      zero: s.zero.replace(/^0 means /, ''),
      ten: s.ten.replace(/^10 means /, ''),
      whyPrompt: s.whyPrompt,
      higherPrompt: s.higherPrompt,
      privacyNote: isGroup
        ? viewerId === session.facilitator.id
          ? say(this.content, 'map-privacy-scoring-yours')
          : say(this.content, 'map-privacy-scoring', { facilitator: session.facilitator.name })
        : '',
      scoreChoices: Array.from({ length: 11 }, (_, i) => ({ title: String(i), value: String(i) })),
      draftReason: view.draftReason ?? '',
      draftHigher: view.draftHigher ?? '',
      revealed: session.revealed,
      isGroup,
      scoredCount: session.scores.length,
      ...this.myScore(session, viewerId),
      progress: isGroup
        ? progressLine(
            session.scores.length,
            Math.max(session.participants.length, session.scores.length),
            this.content,
          )
        : '',
      scoredNames:
        isGroup && session.scores.length > 0
          ? say(this.content, 'map-scored-names', { names: session.scores.map((x) => x.person.name).join(', ') })
          : '',
      rows: session.revealed
        ? session.scores.map((x) => ({
            title: `${x.person.name}: ${x.score}`,
            reason: reasonMax > 0 ? shorten(x.reason || say(this.content, 'map-no-reason'), reasonMax) : '',
            higher: x.higher && reasonMax > 0 ? shorten(x.higher, reasonMax) : '',
          }))
        : [],
      statsLine: this.statsLine(session, reasonMax),
      prompts: promptTexts.map((text) => ({ text })),
    });
  }

  summary(session: MappingSession, viewerId: string, view: View): AdaptiveCard {
    return firstThatFits(REASON_LENGTHS, (max) => this.summaryAt(session, viewerId, view, max));
  }

  private summaryAt(session: MappingSession, viewerId: string, view: View, reasonMax: number): AdaptiveCard {
    const { questions, subheadings } = titles(this.content.mapping);
    const pages = summaryPages(session);
    const page = Math.min(Math.max(view.page ?? 0, 0), pages.length - 1);
    const onPage = new Set((pages[page] ?? []).map((i) => i.id));
    return renderCard(SUMMARY, {
      ...this.base(session, viewerId, view),
      title: say(this.content, session.status === 'closed' ? 'guided-summary-closed-title' : 'guided-summary-title'),
      pageLabel: pages.length > 1 ? say(this.content, 'map-pages', { page: page + 1, pages: pages.length }) : '',
      prevPage: page > 0 ? page - 1 : -1,
      nextPage: page < pages.length - 1 ? page + 1 : -1,
      columns: QUESTIONS.map((q) => ({
        title: questions[q],
        groups: (SUBHEADINGS[q] as readonly SubheadingId[]).map((sub) => {
          const all = orderedItems(session).filter((i) => i.subheading === sub);
          const here = all.filter((i) => onPage.has(i.id));
          return {
            title: subheadings[sub] ?? sub,
            items: here.map((i) => ({ text: i.text })),
            empty:
              all.length === 0
                ? say(this.content, 'map-nothing-recorded')
                : here.length === 0
                  ? say(this.content, 'map-on-another-page')
                  : '',
          };
        }),
      })),
      scalingTitle: this.content.mapping.scaling.title,
      scoresNote:
        session.scores.length === 0
          ? say(this.content, 'map-no-scores-yet')
          : !session.revealed
            ? say(this.content, 'map-scores-hidden', { count: session.scores.length })
            : '',
      scoreFacts: session.revealed
        ? session.scores.map((x) => ({
            title: `${x.person.name}: ${x.score}`,
            // The reason, and what one point higher would look like, as the person wrote them.
            value:
              reasonMax <= 0
                ? ' '
                : x.higher
                  ? say(this.content, 'map-summary-higher', {
                      reason: shorten(x.reason || say(this.content, 'map-no-reason'), reasonMax),
                      higher: shorten(x.higher, reasonMax),
                    })
                  : shorten(x.reason || say(this.content, 'map-no-reason'), reasonMax),
          }))
        : [],
      statsLine: this.statsLine(session, reasonMax),
      active: session.status === 'active',
      // The summary as a page of its own (typed "summary" mid-map): "Back to the map" shows the step the
      // map is at, moving nothing; at the summary step itself it is the facilitator's "Back".
      atSummaryStep: session.step.kind === 'summary',
      ...this.reviewPart(session, viewerId, view),
    });
  }

  /** The summary's review part: history, this round beside the last, the drift flag, and the review form. */
  private reviewPart(session: MappingSession, viewerId: string, view: View) {
    const m = (key: string, vars: Record<string, string | number> = {}) => say(this.content, key, vars);
    const atReview = this.atForm(view, view.draftReviewChoice !== undefined);
    const recorded = session.history?.rounds.length ?? 0;
    return {
      ...reviewSummary(session, this.content),
      ...(atReview.notice === undefined ? {} : { notice: atReview.notice }),
      reviewChoiceLabel: m('map-review-choice'),
      reviewChoices: [
        ...REVIEW_WEEKS.map((weeks) => ({ title: m('map-review-weeks', { weeks }), value: String(weeks) })),
        { title: m('map-review-on-date'), value: 'date' },
      ],
      // A review already set shows as its own date, so the form never offers a different one as if chosen.
      reviewChoiceValue: view.draftReviewChoice ?? (session.review ? 'date' : '4'),
      reviewDateLabel: m('map-review-date'),
      reviewDateValue:
        view.draftReviewDate ?? (session.review ? localDay(session.review.dueAt, DEFAULT_REVIEW_LIMITS.timeZone) : ''),
      reviewDateMin: new Date(session.updatedAt + 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
      reviewNotice: atReview.text,
      reviewNoticeStyle: atReview.style,
      reviewSetLabel: m(session.review ? 'map-review-change' : 'map-review-set'),
      reviewClearLabel: m('map-review-clear'),
      reviewStartLabel: m('map-reminder-start'),
      // A closed map whose round is recorded can be brought back for review, by its facilitator.
      canStartReview:
        viewerId === session.facilitator.id && session.status === 'closed' && recorded >= (session.round ?? 1),
      driftPromptsIntro: m('map-drift-prompts'),
    };
  }
}

/** A form's notice under the names its template reads, taking the top notice's place when it has one. */
function placed<K extends 'formNotice' | 'higherNotice'>(
  at: { notice?: string; text: string; style: NoticeStyle },
  key: K,
): { notice?: string } & Record<K, string> & Record<`${K}Style`, NoticeStyle> {
  const out = { [key]: at.text, [`${key}Style`]: at.style } as Record<K, string> & Record<`${K}Style`, NoticeStyle>;
  return at.notice === undefined ? out : { ...out, notice: at.notice };
}

function byline(item: MapItem, content: ContentPack): string {
  return item.editedAt ? say(content, 'map-byline-edited', { name: item.author.name }) : item.author.name;
}

/** "2 of 3 have scored." / "0 of 1 has scored." */
function progressLine(scored: number, people: number, content: ContentPack): string {
  return say(content, people === 1 ? 'map-progress-one' : 'map-progress', { scored, people });
}

function peopleCount(n: number, content: ContentPack): string {
  return n === 1 ? say(content, 'map-people-one') : say(content, 'map-people', { count: n });
}
