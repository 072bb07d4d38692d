/** Dates and times as people in the UK write them, in UK time, whatever the server's zone. */
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** "15 Dec 2026". */
export function ukDate(ms: number): string {
  return DAY_FORMAT.format(ms);
}

/** "15 Dec 2026, 14:05". */
export function ukDateTime(ms: number): string {
  return `${DAY_FORMAT.format(ms)}, ${TIME_FORMAT.format(ms)}`;
}

/** A stored calendar date ("2026-12-15", as date inputs give it) shown as "15 Dec 2026"; anything else as it is. */
export function ukCalendarDate(isoDate: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? ukDate(Date.parse(`${isoDate}T12:00:00Z`)) : isoDate;
}
