import { ANCHOR_MAX_CHARS, type AnchoredQuestion, QUESTION_MAX_CHARS, type ScalePreset } from '../../content/scales';

/**
 * The scaling tool's rules, free of Teams: what a scaling round needs at each step, the limits, and
 * the plain-text version for the record. Nothing is stored: the round travels in the card itself, so
 * every step re-checks everything it is given.
 */

/** Longest text per field, in characters. `about` holds a whole danger statement or safety goal. */
export const SCALE_LIMITS = {
  question: QUESTION_MAX_CHARS,
  zero: ANCHOR_MAX_CHARS,
  ten: ANCHOR_MAX_CHARS,
  about: 3600,
  reason: 600,
  higher: 600,
} as const;
/** A text field of a round, as named in messages ("scale-field-<name>"). */
export type ScaleField = keyof typeof SCALE_LIMITS;

/** The steps of a round, in order: set the question, give a number and why, say what one point higher looks like. */
export const SCALE_STEPS = ['setup', 'score', 'higher'] as const;
/** One step of a round. */
export type ScaleStep = (typeof SCALE_STEPS)[number];

/** What the card sent, as text, before any check: kept so a refusal can show it back unchanged. */
export interface ScaleDraft {
  question: string;
  zero: string;
  ten: string;
  about: string;
  score: string;
  reason: string;
  higher: string;
}

/** Why a step was refused; each names the field so the reply can say which box to change. */
export type ScaleProblem =
  | { code: 'Missing'; field: 'question' | 'zero' | 'ten' }
  | { code: 'TooLong'; field: ScaleField; length: number; max: number }
  | { code: 'OutOfRange' };

/** A round that has passed every check up to the step asked for. */
export interface ScaleRound extends AnchoredQuestion {
  about: string;
  /** 0 to 10; -1 until the score step has been checked. */
  score: number;
  reason: string;
  higher: string;
}

/** The outcome of checking a draft: the round, or the first step that needs changing and why. */
export type ScaleCheck = { ok: true; round: ScaleRound } | { ok: false; step: ScaleStep; problems: ScaleProblem[] };

/** Words for the plain-text copy, from the content pack. */
import type { Wording } from '../../content/pack';

export type { Wording };

/** An empty draft with the fields given filled in (undefined counts as blank). */
export function draft(fields: Partial<ScaleDraft> = {}): ScaleDraft {
  const d: ScaleDraft = { question: '', zero: '', ten: '', about: '', score: '', reason: '', higher: '' };
  for (const key of Object.keys(d) as (keyof ScaleDraft)[]) d[key] = fields[key] ?? '';
  return d;
}

/** The ready-made question named by its id or title ("confidence", "Confidence in the plan"), if any. */
export function findPreset<P extends ScalePreset>(presets: readonly P[], name: string): P | undefined {
  const said = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!said) return undefined;
  return presets.find(
    (p) =>
      p.id.replace(/-/g, ' ') === said ||
      p.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim() === said,
  );
}

/** A draft that asks a ready-made question, keeping what the scale is about. */
export function fromPreset(preset: AnchoredQuestion | ScalePreset, about = ''): ScaleDraft {
  return draft({ question: preset.question, zero: preset.zero, ten: preset.ten, about });
}

/**
 * Text from a card input, tidied: Windows line ends and control characters go, outer spaces are
 * trimmed, and the invisible mark the card renderer puts into a typed `${` is taken out again.
 */
export function cleanText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/\$\u200b\{/g, '${')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trim();
}

/** A whole number from 0 to 10 typed or chosen as text, or undefined for anything else ("11", "5.5", "five"). */
export function parseScore(raw: string): number | undefined {
  const s = raw.trim();
  if (!/^\d{1,2}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 0 && n <= 10 ? n : undefined;
}

function tooLong(d: ScaleDraft, fields: ScaleField[]): ScaleProblem[] {
  return fields.flatMap((field) => {
    const length = cleanText(d[field]).length;
    return length > SCALE_LIMITS[field] ? [{ code: 'TooLong' as const, field, length, max: SCALE_LIMITS[field] }] : [];
  });
}

/** What stops the question being asked: a missing question or anchor, or text over its limit. */
export function questionProblems(d: ScaleDraft): ScaleProblem[] {
  const missing = (['question', 'zero', 'ten'] as const)
    .filter((field) => cleanText(d[field]) === '')
    .map((field) => ({ code: 'Missing' as const, field }));
  return [...missing, ...tooLong(d, ['question', 'zero', 'ten', 'about'])];
}

/** What stops a score being accepted: a number outside 0-10 (or none), or an over-long reason. */
export function scoreProblems(d: ScaleDraft): ScaleProblem[] {
  const range: ScaleProblem[] = parseScore(d.score) === undefined ? [{ code: 'OutOfRange' }] : [];
  return [...range, ...tooLong(d, ['reason'])];
}

/** What stops the "one point higher" answer being accepted: only its length (it may be left blank). */
export function higherProblems(d: ScaleDraft): ScaleProblem[] {
  return tooLong(d, ['higher']);
}

/**
 * Checks every step up to and including `upTo`, earliest first, so a tampered or stale card can never
 * skip a check: a bad question is reported even when the card was only sending a score.
 */
export function checkRound(d: ScaleDraft, upTo: ScaleStep): ScaleCheck {
  const checks: [ScaleStep, (x: ScaleDraft) => ScaleProblem[]][] = [
    ['setup', questionProblems],
    ['score', scoreProblems],
    ['higher', higherProblems],
  ];
  for (const [step, check] of checks.slice(0, SCALE_STEPS.indexOf(upTo) + 1)) {
    const problems = check(d);
    if (problems.length > 0) return { ok: false, step, problems };
  }
  const reached = SCALE_STEPS.indexOf(upTo);
  return {
    ok: true,
    round: {
      question: cleanText(d.question),
      zero: cleanText(d.zero),
      ten: cleanText(d.ten),
      about: cleanText(d.about),
      score: reached >= 1 ? (parseScore(d.score) ?? -1) : -1,
      reason: reached >= 1 ? cleanText(d.reason) : '',
      higher: reached >= 2 ? cleanText(d.higher) : '',
    },
  };
}

/** The next point up the scale, or undefined at 10 (where the question becomes how to stay there). */
export function nextPoint(score: number): number | undefined {
  return score >= 0 && score < 10 ? score + 1 : undefined;
}

/** The finished round as plain text for the record: question, what it is about, the ends, the number, the reasons. */
export function scaleText(round: ScaleRound, say: Wording): string {
  const next = nextPoint(round.score);
  const lines = [say('scale-text-heading', { question: round.question })];
  if (round.about) lines.push(say('scale-text-about', { about: round.about }));
  lines.push(say('scale-text-zero', { zero: round.zero }), say('scale-text-ten', { ten: round.ten }));
  if (round.score >= 0) {
    lines.push(say('scale-text-score', { score: round.score }));
    lines.push(
      round.reason
        ? say('scale-text-reason', { score: round.score, reason: round.reason })
        : say('scale-text-no-reason', { score: round.score }),
    );
    if (round.higher)
      lines.push(
        next === undefined
          ? say('scale-text-keep', { higher: round.higher })
          : say('scale-text-higher', { next, higher: round.higher }),
      );
  }
  return lines.join('\n');
}
