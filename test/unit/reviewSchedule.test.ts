import {
  DEFAULT_REVIEW_LIMITS,
  keepUntil,
  localDay,
  type ReviewChoice,
  reviewDueAt,
} from '../../src/features/reviews/schedule';
import { GuidedError } from '../../src/guided/kernel';

const DAY = 24 * 60 * 60 * 1000;
// Monday 13 January 2025, 16:30 in London (GMT).
const JAN_13 = Date.UTC(2025, 0, 13, 16, 30);

function refusal(choice: ReviewChoice, now = JAN_13, first = JAN_13): string | undefined {
  try {
    reviewDueAt(choice, now, first);
  } catch (err) {
    if (err instanceof GuidedError && err.code === 'BadDate') return err.detail.why;
    throw err;
  }
  return undefined;
}

describe('review dates', () => {
  it('sets a review in 2, 4, 6 or 8 weeks at nine in the morning, London time', () => {
    expect(new Date(reviewDueAt({ weeks: 2 }, JAN_13, JAN_13)).toISOString()).toBe('2025-01-27T09:00:00.000Z');
    expect(new Date(reviewDueAt({ weeks: 8 }, JAN_13, JAN_13)).toISOString()).toBe('2025-03-10T09:00:00.000Z');
  });

  it('keeps nine in the morning across the change to summer time', () => {
    // 8 weeks after 17 March 2025 is 12 May, in British Summer Time (UTC+1).
    const march17 = Date.UTC(2025, 2, 17, 10);
    expect(new Date(reviewDueAt({ weeks: 8 }, march17, march17)).toISOString()).toBe('2025-05-12T08:00:00.000Z');
  });

  it('finds the local hour in zones whose offset carries it past midnight', () => {
    const at = (hour: number, timeZone: string) =>
      new Date(reviewDueAt({ weeks: 2 }, JAN_13, JAN_13, { ...DEFAULT_REVIEW_LIMITS, hour, timeZone })).toISOString();
    expect(at(2, 'America/New_York')).toBe('2025-01-27T07:00:00.000Z');
    // 16:30 UTC on 13 January is already 14 January in Tokyo, so two weeks on is the 28th.
    expect(at(23, 'Asia/Tokyo')).toBe('2025-01-28T14:00:00.000Z');
  });

  it('takes a chosen date and refuses today, a past day, a malformed or impossible date, or other week counts', () => {
    expect(new Date(reviewDueAt({ date: '2025-02-03' }, JAN_13, JAN_13)).toISOString()).toBe(
      '2025-02-03T09:00:00.000Z',
    );
    expect(refusal({ date: '2025-01-13' })).toBe('past');
    expect(refusal({ date: '2024-12-25' })).toBe('past');
    expect(refusal({ date: '3 Feb' })).toBe('format');
    expect(refusal({ date: '2025-02-30' })).toBe('format');
    expect(refusal({ weeks: 3 } as unknown as ReviewChoice)).toBe('weeks');
  });

  it('refuses a review beyond the longest a map may be kept after its first round', () => {
    const firstRound = JAN_13 - 170 * DAY;
    expect(refusal({ weeks: 2 }, JAN_13, firstRound)).toBe('too-far');
    expect(refusal({ weeks: 2 }, JAN_13, JAN_13 - 100 * DAY)).toBeUndefined();
  });

  it('keeps a map until its review plus the grace, and never past the maximum after its first round', () => {
    const review = reviewDueAt({ weeks: 4 }, JAN_13, JAN_13);
    expect(keepUntil(review, JAN_13)).toBe(review + DEFAULT_REVIEW_LIMITS.graceDays * DAY);
    const firstRound = JAN_13 - 175 * DAY;
    expect(keepUntil(review, firstRound)).toBe(firstRound + 180 * DAY);
  });

  it('reads the calendar day in the trust’s time zone, not UTC', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(localDay(Date.UTC(2025, 5, 30, 23, 30), 'Europe/London')).toBe('2025-07-01');
    expect(localDay(Date.UTC(2025, 5, 30, 23, 30), 'UTC')).toBe('2025-06-30');
  });
});
