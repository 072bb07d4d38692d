import { GuidedError } from '../../guided/kernel';

/**
 * When a review falls due and how long a reviewed map may be kept, as pure functions of the clock
 * and the settings (REVIEW_GRACE_DAYS, REVIEW_MAX_DAYS): a map with a review is kept until the
 * review plus the grace, and never beyond the maximum after its first round.
 */

const DAY = 24 * 60 * 60 * 1000;

/** The choices the card offers: in 2, 4, 6 or 8 weeks, or a date (YYYY-MM-DD). */
export const REVIEW_WEEKS = [2, 4, 6, 8] as const;
export type ReviewChoice = { weeks: (typeof REVIEW_WEEKS)[number] } | { date: string };

export interface ReviewLimits {
  graceDays: number;
  maxDays: number;
  /** Local time the reminder is sent on the review day. */
  hour: number;
  timeZone: string;
}

export const DEFAULT_REVIEW_LIMITS: ReviewLimits = { graceDays: 14, maxDays: 180, hour: 9, timeZone: 'Europe/London' };

/**
 * The moment the review reminder is due: `hour` o'clock, local time, on the chosen day. Refused
 * (BadDate) for a day that is not after today, or one so late that the map could not be kept until
 * it (its first round plus `maxDays`, less the grace).
 */
export function reviewDueAt(
  choice: ReviewChoice,
  now: number,
  firstRoundAt: number,
  limits: ReviewLimits = DEFAULT_REVIEW_LIMITS,
): number {
  const today = localDay(now, limits.timeZone);
  let day: string;
  if ('weeks' in choice) {
    if (!(REVIEW_WEEKS as readonly number[]).includes(choice.weeks)) throw new GuidedError('BadDate', { why: 'weeks' });
    day = addDays(today, choice.weeks * 7);
  } else {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(choice.date) || addDays(choice.date, 0) !== choice.date) {
      throw new GuidedError('BadDate', { why: 'format' });
    }
    day = choice.date;
  }
  if (day <= today) throw new GuidedError('BadDate', { why: 'past' });
  const due = atLocalHour(day, limits.hour, limits.timeZone);
  const latest = firstRoundAt + limits.maxDays * DAY;
  if (due > latest) throw new GuidedError('BadDate', { why: 'too-far', max: limits.maxDays });
  return due;
}

/** The reminder hour (`limits.hour`, local time) on `day` (YYYY-MM-DD), in epoch ms. */
export function reminderTimeOn(day: string, limits: ReviewLimits = DEFAULT_REVIEW_LIMITS): number {
  return atLocalHour(day, limits.hour, limits.timeZone);
}

/** Until when a map with a review may be kept: the review plus the grace, capped at the maximum after its first round. */
export function keepUntil(
  reviewAt: number,
  firstRoundAt: number,
  limits: ReviewLimits = DEFAULT_REVIEW_LIMITS,
): number {
  return Math.min(reviewAt + limits.graceDays * DAY, firstRoundAt + limits.maxDays * DAY);
}

/** The calendar day (YYYY-MM-DD) at `at` in `timeZone`. */
export function localDay(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `hour` o'clock local time on `day`, in epoch ms (the zone's offset found for that day, so summer time is right). */
function atLocalHour(day: string, hour: number, timeZone: string): number {
  const guess = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
    new Date(guess),
  );
  // The local hour can wrap past midnight (hour 2 in New York is 21 the day before): offsets lie in -12..14.
  const raw = Number(local) - hour;
  const offsetHours = raw > 14 ? raw - 24 : raw < -12 ? raw + 24 : raw;
  return guess - offsetHours * 60 * 60 * 1000;
}
