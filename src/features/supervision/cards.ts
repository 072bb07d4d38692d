import { ukCalendarDate } from '../../bot/dates';
import { type AdaptiveCard, cardTemplate, firstThatFits, renderCard, shorten } from '../../cards';
import { type ContentPack, say } from '../../content/pack';
import type { GuidedView, NoticeStyle } from '../../guided/flow';
import { steeringRevision } from '../../guided/kernel';
import { reasonableDates, STAGES, type Stage, type SupervisionSession } from './model';

/** What the person looking at the card has just done or typed, so nothing is lost on a refusal. */
export interface View extends GuidedView {
  draftNote?: string;
  draftWhat?: string;
  draftOwner?: string;
  draftByWhen?: string;
}

interface StageCardData {
  sid: string;
  rev: number;
  label: string;
  stepLabel: string;
  title: string;
  cycle: string;
  intro: string;
  prompts: string[];
  stage: Stage;
  notes: { id: string; text: string; author: string; canRemove: boolean }[];
  isAction: boolean;
  actions: { id: string; what: string; owner: string; byWhen: string; canRemove: boolean }[];
  /** Only the supervisor's own view has the steering buttons (each person sees their own view). */
  canSteer: boolean;
  draftNote: string;
  draftWhat: string;
  draftOwner: string;
  draftByWhen: string;
  canGoBack: boolean;
  nextLabel: string;
  notice: string;
  noticeStyle: NoticeStyle;
  /** A refusal of what was typed, shown between its box and its button (the top notice is then empty). */
  noteNotice: string;
  noteNoticeStyle: NoticeStyle;
  actionNotice: string;
  actionNoticeStyle: NoticeStyle;
  /** The dates the model accepts for "By when", checked by the card before it sends. */
  dateMin: string;
  dateMax: string;
  footer: string;
}

interface SummaryCardData {
  sid: string;
  rev: number;
  label: string;
  title: string;
  actions: { what: string; owner: string; byWhen: string }[];
  stages: { title: string; notes: { text: string }[] }[];
  hiddenNote: string;
  active: boolean;
  canSteer: boolean;
  notice: string;
  noticeStyle: NoticeStyle;
  footer: string;
}

const START = cardTemplate<{ privacyReminder: string; notice: string; draft: string }>('supervise-start');
const STAGE = cardTemplate<StageCardData>('supervise-stage');
const SUMMARY = cardTemplate<SummaryCardData>('supervise-summary');
/** Characters of each note shown, tried in turn until a card fits Teams' limit. */
const NOTE_LENGTHS = [Number.POSITIVE_INFINITY, 400, 160, 60, 0];

/** The supervision conversation's cards: one per stage, the summary, and the start card. */
export class SupervisionCards {
  readonly stageTitles: Record<Stage, string>;

  constructor(
    private readonly content: ContentPack,
    private readonly retentionDays: number,
  ) {
    this.stageTitles = Object.fromEntries(STAGES.map((s) => [s, this.stageInfo(s).title])) as Record<Stage, string>;
  }

  private m(key: string, vars: Record<string, string | number> = {}): string {
    return say(this.content, key, vars);
  }

  private stageInfo(stage: Stage) {
    return this.content.supervision.stages.find((s) => s.id === stage) ?? { id: stage, title: stage, intro: '' };
  }

  private footer(s: SupervisionSession): string {
    return this.m('sup-footer', { supervisor: s.supervisor.name, days: this.retentionDays });
  }

  /** Questions for each stage, from the prompt bank, fixed for the session. */
  choosePrompts(seed: number): Record<Stage, string[]> {
    const out = {} as Record<Stage, string[]>;
    for (const stage of STAGES) {
      // A question that rests on a map's setting or scores (its `needs`) has nothing to rest on here.
      const pool = this.content.prompts.prompts.filter((p) => p.stages.includes(stage) && !p.needs?.length);
      const n = Math.min(this.content.supervision.promptsPerStage, pool.length);
      const start = pool.length ? seed % pool.length : 0;
      out[stage] = Array.from({ length: n }, (_, i) => (pool[(start + i * 3) % pool.length] as { id: string }).id);
    }
    return out;
  }

  /** Where the session is, in words. */
  stepName(s: SupervisionSession): string {
    return s.step.kind === 'stage' ? this.stageTitles[s.step.stage] : this.m('guided-step-summary');
  }

  /** The card for where the session is, shortening notes only when the card would not fit. */
  board(s: SupervisionSession, viewerId: string, view: View = {}): AdaptiveCard {
    return firstThatFits(NOTE_LENGTHS, (max) =>
      s.step.kind === 'summary' || s.status === 'closed'
        ? this.summaryAt(s, viewerId, view, max)
        : this.stage(s, s.step.stage, viewerId, view, max),
    );
  }

  summary(s: SupervisionSession, viewerId: string, view: View = {}): AdaptiveCard {
    return firstThatFits(NOTE_LENGTHS, (max) => this.summaryAt(s, viewerId, view, max));
  }

  start(notice = '', draft = ''): AdaptiveCard {
    return renderCard(START, { privacyReminder: this.content.supervision.privacyReminder, notice, draft });
  }

  private stage(s: SupervisionSession, stage: Stage, viewerId: string, view: View, noteMax: number): AdaptiveCard {
    const canSteer = viewerId === s.supervisor.id;
    const info = this.stageInfo(stage);
    const titles = this.stageTitles;
    const index = STAGES.indexOf(stage);
    const following = STAGES[index + 1];
    return renderCard(STAGE, {
      sid: s.id,
      rev: steeringRevision(s),
      label: s.label,
      stepLabel: this.m('sup-stage-of', { n: index + 1, total: STAGES.length }),
      title: info.title,
      cycle: STAGES.map((x, i) => (x === stage ? `**${i + 1} ${titles[x]}**` : `${i + 1} ${titles[x]}`)).join(' → '),
      intro: info.intro,
      prompts: s.prompts[stage].flatMap((id) => {
        const p = this.content.prompts.prompts.find((x) => x.id === id);
        return p ? [p.text] : [];
      }),
      stage,
      notes: s.notes
        .filter((n) => n.stage === stage)
        .map((n) => ({
          id: n.id,
          text: shorten(n.text, noteMax),
          author: n.author.name,
          canRemove: canSteer || n.author.id === viewerId,
        })),
      isAction: stage === 'action',
      actions: s.actions.map((a) => ({
        id: a.id,
        what: shorten(a.what, noteMax),
        owner: a.owner,
        byWhen: ukCalendarDate(a.byWhen),
        canRemove: canSteer || a.author.id === viewerId,
      })),
      canSteer,
      draftNote: view.draftNote ?? '',
      draftWhat: view.draftWhat ?? '',
      draftOwner: view.draftOwner ?? '',
      draftByWhen: view.draftByWhen ?? '',
      canGoBack: index > 0,
      nextLabel: following ? this.m('guided-next', { step: titles[following] }) : this.m('sup-next-summary'),
      ...this.placeNotice(view, noteMax),
      ...(() => {
        const range = reasonableDates(s.updatedAt);
        return { dateMin: range.min, dateMax: range.max };
      })(),
      footer: this.footer(s),
    });
  }

  /**
   * A refusal of what the person typed goes next to the box and the button they pressed (they are
   * looking there, perhaps far down the card); anything else stays at the top.
   */
  private placeNotice(
    view: View,
    noteMax: number,
  ): Pick<
    StageCardData,
    'notice' | 'noticeStyle' | 'noteNotice' | 'noteNoticeStyle' | 'actionNotice' | 'actionNoticeStyle'
  > {
    const shortened = Number.isFinite(noteMax) ? this.m('sup-shortened') : '';
    const refused = view.noticeStyle === 'attention' && view.notice ? view.notice : '';
    const at = refused ? (view.draftWhat !== undefined ? 'action' : view.draftNote !== undefined ? 'note' : '') : '';
    return {
      notice: [at ? '' : (view.notice ?? ''), shortened].filter(Boolean).join(' '),
      noticeStyle: at ? 'default' : (view.noticeStyle ?? 'default'),
      noteNotice: at === 'note' ? refused : '',
      noteNoticeStyle: 'attention',
      actionNotice: at === 'action' ? refused : '',
      actionNoticeStyle: 'attention',
    };
  }

  private summaryAt(s: SupervisionSession, viewerId: string, view: View, noteMax: number): AdaptiveCard {
    return renderCard(SUMMARY, {
      sid: s.id,
      rev: steeringRevision(s),
      label: s.label,
      title: this.m(s.status === 'closed' ? 'guided-summary-closed-title' : 'guided-summary-title'),
      actions: s.actions.map((a) => ({
        what: shorten(a.what, noteMax),
        owner: a.owner,
        byWhen: ukCalendarDate(a.byWhen),
      })),
      stages: STAGES.map((stage) => ({
        title: this.stageTitles[stage],
        notes:
          noteMax > 0 ? s.notes.filter((n) => n.stage === stage).map((n) => ({ text: shorten(n.text, noteMax) })) : [],
      })),
      hiddenNote: Number.isFinite(noteMax) ? this.m('sup-shortened') : '',
      active: s.status === 'active',
      canSteer: viewerId === s.supervisor.id,
      notice: view.notice ?? '',
      noticeStyle: view.noticeStyle ?? 'default',
      footer: this.footer(s),
    });
  }
}
