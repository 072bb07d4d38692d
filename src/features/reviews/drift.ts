import type { QuestionId } from '../mapping/model';
import { comparable, openItems, type Round, type RoundHistory } from './rounds';

/**
 * Drift, as the trust's guide means it: a view of a family that stays put, or moves, without the
 * map giving a reason. Pure rules over a map's rounds, read at the latest round:
 *
 * - stuck: the median stayed within one point over the last three rounds (two reviews) while the
 *   worries and the needs (goals, next steps) stayed word for word the same;
 * - optimism: the median rose since the last round while the worries stayed the same and nothing
 *   new was added to what is working (a rewording or a promise is not new strength or safety);
 * - pessimism: the median fell since the last round with no new or changed worry, and nothing that
 *   was working went;
 * - none: otherwise, or with fewer than two scored rounds.
 *
 * Rounds without revealed scores are left out. A flag is a prompt to reflect, never a judgement.
 */

export type DriftKind = 'stuck' | 'optimism' | 'pessimism' | 'none';

export interface Drift {
  kind: DriftKind;
  /** Medians from the first round considered to the latest (stuck: three rounds; otherwise two). */
  medians: number[];
  /** Date of the first round considered. */
  since?: string;
}

export interface DriftRules {
  /** Largest move of the median, over the rounds considered, still read as "stayed" (stuck). */
  steadyWithin: number;
  /** Rounds the median must stay steady across for stuck (two reviews = three rounds). */
  steadyRounds: number;
  /** Shared words (of the longer wording) at which a new item reads as a rewording of one that went. */
  rewordingOverlap: number;
  /** A strength or safety that is only an intention or a promise, not something seen yet. */
  isPromise: (text: string) => boolean;
}

// Intention words: in Signs of Safety, safety is protection shown over time, so "will", "is going
// to" or "has promised" add no strength yet. English only, like the content pack.
const PROMISE =
  /\b(?:will|won't|shall|going to|gonna|promise[sd]?|promising|intends? to|plans? to|planning to|wants? to|hopes? to|would like to|says? (?:she|he|they)(?:'ll| will| would))\b|\b\w+'ll\b/i;

export const DEFAULT_RULES: DriftRules = {
  steadyWithin: 1,
  steadyRounds: 3,
  rewordingOverlap: 0.6,
  isPromise: (text) => PROMISE.test(text),
};

/** The flag at the latest round of `history`. */
export function drift(history: RoundHistory | readonly Round[], rules: DriftRules = DEFAULT_RULES): Drift {
  const all = 'rounds' in history ? history.rounds : history;
  const scored = all.filter((r): r is Round & { median: number } => r.median !== undefined);
  if (scored.length < 2) return none(scored);

  const lastSteady = scored.slice(-rules.steadyRounds);
  if (lastSteady.length === rules.steadyRounds) {
    const medians = lastSteady.map((r) => r.median);
    const steady = Math.max(...medians) - Math.min(...medians) <= rules.steadyWithin;
    const first = lastSteady[0] as Round;
    const unchanged = lastSteady.every((r) => same(r, first, 'worries') && same(r, first, 'needs'));
    if (steady && unchanged) return { kind: 'stuck', medians, since: first.date };
  }

  const previous = scored[scored.length - 2] as Round & { median: number };
  const latest = scored[scored.length - 1] as Round & { median: number };
  const step = { medians: [previous.median, latest.median], since: previous.date };
  if (latest.median > previous.median) {
    const explained = !same(latest, previous, 'worries') || newStrengths(previous, latest, rules).length > 0;
    return explained ? { kind: 'none', ...step } : { kind: 'optimism', ...step };
  }
  if (latest.median < previous.median) {
    const explained =
      !isSubset(texts(latest, 'worries'), texts(previous, 'worries')) ||
      lostStrengths(previous, latest, rules).length > 0;
    return explained ? { kind: 'none', ...step } : { kind: 'pessimism', ...step };
  }
  return { kind: 'none', ...step };
}

function none(scored: Round[]): Drift {
  const last = scored[scored.length - 1];
  return { kind: 'none', medians: scored.map((r) => r.median as number), ...(last ? { since: last.date } : {}) };
}

/** The open items' words under a question, as compared between rounds. */
function texts(round: Round, question: QuestionId): Set<string> {
  return new Set(
    openItems(round)
      .filter((i) => i.question === question)
      .map((i) => comparable(i.text)),
  );
}

function same(a: Round, b: Round, question: QuestionId): boolean {
  const x = texts(a, question);
  const y = texts(b, question);
  return x.size === y.size && isSubset(x, y);
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const t of a) if (!b.has(t)) return false;
  return true;
}

/** What is working in `latest` that is new: not there before, not a rewording of what went, not a promise. */
export function newStrengths(previous: Round, latest: Round, rules: DriftRules = DEFAULT_RULES): string[] {
  const before = texts(previous, 'working');
  const now = texts(latest, 'working');
  const gone = [...before].filter((t) => !now.has(t));
  return [...now]
    .filter((t) => !before.has(t))
    .filter((t) => !gone.some((g) => overlap(g, t) >= rules.rewordingOverlap))
    .filter((t) => !rules.isPromise(t));
}

/** What was working before and is gone in `latest`, not just reworded. */
export function lostStrengths(previous: Round, latest: Round, rules: DriftRules = DEFAULT_RULES): string[] {
  const before = texts(previous, 'working');
  const now = texts(latest, 'working');
  const added = [...now].filter((t) => !before.has(t));
  return [...before]
    .filter((t) => !now.has(t))
    .filter((t) => !added.some((a) => overlap(a, t) >= rules.rewordingOverlap));
}

/** Shared words as a share of the longer wording's words (plural -s and punctuation aside). */
export function overlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared / Math.max(x.size, y.size);
}

function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).map((w) =>
      w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w,
    ),
  );
}
