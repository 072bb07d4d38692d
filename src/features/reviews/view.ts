import { ukDate } from '../../bot/dates';
import { type ContentPack, say } from '../../content/pack';
import { type MappingSession, QUESTIONS } from '../mapping/model';
import { type Drift, drift } from './drift';
import { changesByQuestion, type Round, type RoundItem, roundFrom, trend } from './rounds';

/**
 * What the map summary shows of its reviews, as card data built from the content pack: the next
 * review, this round beside the last, the score history (text always, and a Teams chart), and the
 * drift flag with prompts from the bank. Pure: no storage, no clock.
 */

/** Which drift prompts (ids in the prompt bank) each flag offers, first one first. */
export const DRIFT_PROMPTS: Record<Exclude<Drift['kind'], 'none'>, readonly string[]> = {
  stuck: ['drift-score-to-move', 'drift-six-months', 'drift-forgotten-worries'],
  optimism: ['drift-score-to-move', 'drift-high-scores-evidence', 'drift-tasks-or-daily-life'],
  pessimism: ['drift-score-to-move', 'drift-new-information', 'drift-what-changed-for-child'],
};

export interface ReviewSummaryData {
  reviewTitle: string;
  reviewLine: string;
  hasReview: boolean;
  historyTitle: string;
  historyLines: { text: string }[];
  /** Teams' Chart.Line data (median by round); empty below two scored rounds. */
  chart: { legend: string; values: { x: string; y: number }[] }[];
  chartTitle: string;
  chartX: string;
  chartY: string;
  /** The text trend, the chart's fallback where charts are not drawn. */
  trendLine: string;
  changesTitle: string;
  changeLines: { text: string }[];
  driftTitle: string;
  driftText: string;
  driftPrompts: { text: string }[];
}

/** A calendar day (YYYY-MM-DD, as rounds store it) as "15 Dec 2026". */
const day = (date: string) => ukDate(Date.parse(`${date}T12:00:00Z`));

/** Medians as people read them: "5, 5, 6". */
const medians = (values: number[]) => values.join(', ');

/** The flag at the map's latest round, with its words and prompts ('' when none). */
export function driftView(
  session: MappingSession,
  content: ContentPack,
): { kind: Drift['kind']; text: string; prompts: { text: string }[] } {
  const flag = drift(session.history ?? { v: 1, rounds: [] });
  if (flag.kind === 'none') return { kind: 'none', text: '', prompts: [] };
  const text = say(content, `map-drift-${flag.kind}`, {
    medians: medians(flag.medians),
    since: flag.since ? day(flag.since) : '',
  });
  const prompts = DRIFT_PROMPTS[flag.kind].flatMap((id) => {
    const p = content.prompts.prompts.find((x) => x.id === id);
    return p ? [{ text: p.text }] : [];
  });
  return { kind: flag.kind, text, prompts };
}

/** One line per round, oldest first: median and spread with its date, for copy-as-text and screen readers. */
export function historyLines(session: MappingSession, content: ContentPack): string[] {
  return (session.history?.rounds ?? []).map((r) => {
    const vars = { n: r.n, date: day(r.date), median: r.median ?? 0, spread: r.spread ?? 0, count: r.scores.length };
    if (r.median === undefined) return say(content, 'map-history-unscored', vars);
    return say(content, r.scores.length === 1 ? 'map-history-line-one' : 'map-history-line', vars);
  });
}

/** The latest round beside the one before: per question how many were added, changed, resolved, carried; then which. */
export function changeLines(round: Round, content: ContentPack): string[] {
  const counts = changesByQuestion(round);
  const lines: string[] = [];
  // The card has a size limit: a long list names the first few and counts the rest (copy as text has the map).
  const list = (items: RoundItem[]) =>
    [
      ...items.slice(0, LISTED).map((i) => shortText(i.text)),
      ...(items.length > LISTED ? [say(content, 'map-changes-more', { count: items.length - LISTED })] : []),
    ].join('; ');
  for (const q of QUESTIONS) {
    const c = counts[q];
    if (c.added + c.changed + c.resolved + c.carried === 0) continue;
    lines.push(say(content, 'map-changes-line', { question: say(content, `map-changes-q-${q}`), ...c }));
    const of = (status: RoundItem['status']) => round.items.filter((i) => i.question === q && i.status === status);
    if (c.added > 0) lines.push(say(content, 'map-changes-added', { items: list(of('added')) }));
    if (c.changed > 0) lines.push(say(content, 'map-changes-changed', { items: list(of('changed')) }));
    if (c.resolved > 0) lines.push(say(content, 'map-changes-resolved', { items: list(of('resolved')) }));
  }
  return lines;
}

/** Items named per status and question before the rest are counted. */
const LISTED = 6;

function shortText(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Everything the summary card shows about reviews. */
export function reviewSummary(session: MappingSession, content: ContentPack): ReviewSummaryData {
  const history = session.history ?? { v: 1 as const, rounds: [] };
  const points = trend(history);
  const recorded = history.rounds[history.rounds.length - 1];
  // In a review round not yet recorded, the comparison is live: the map as it stands beside the last round.
  const latest =
    recorded && (session.round ?? 1) > history.rounds.length
      ? roundFrom(session, recorded, session.updatedAt)
      : recorded;
  const flag = driftView(session, content);
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  return {
    reviewTitle: m('map-review-title'),
    reviewLine:
      session.review && session.keepUntil
        ? m('map-review-set-line', { date: ukDate(session.review.dueAt), keep: ukDate(session.keepUntil) })
        : m('map-review-none'),
    hasReview: session.review !== undefined,
    historyTitle: m('map-history-title'),
    historyLines: historyLines(session, content).map((text) => ({ text })),
    chart:
      points.length >= 2
        ? [
            {
              legend: m('map-chart-legend'),
              values: points.map((p) => ({ x: `${p.n} · ${day(p.date)}`, y: p.median })),
            },
          ]
        : [],
    chartTitle: m('map-chart-title'),
    chartX: m('map-chart-x'),
    chartY: m('map-chart-y'),
    trendLine: points.length >= 2 ? m('map-history-trend', { trend: points.map((p) => p.median).join(' → ') }) : '',
    changesTitle: latest && latest.n > 1 ? m('map-changes-title', { n: latest.n - 1 }) : '',
    changeLines: latest && latest.n > 1 ? changeLines(latest, content).map((text) => ({ text })) : [],
    driftTitle: m('map-drift-title'),
    driftText: flag.text,
    driftPrompts: flag.prompts,
  };
}
