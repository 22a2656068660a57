import { DateTime } from 'luxon';

/** Start of the local day holding `at`. */
export const localDayStart = (at: Date, timezone: string): Date => DateTime.fromJSDate(at, { zone: timezone }).startOf('day').toJSDate();

/** Start of the local day `days` after the one starting at `dayStart` (23 or 25 hours later across a DST change). */
export const addLocalDays = (dayStart: Date, days: number, timezone: string): Date => DateTime.fromJSDate(dayStart, { zone: timezone }).plus({ days }).toJSDate();

/**
 * For `count` local days from the one holding `from`: the share of each day
 * (0 to 1, by real elapsed time) that lies in [from, to). A forecast of whole
 * days weighs its days by these shares to cover a window that starts or ends
 * mid-day.
 */
export function localDayShares(from: Date, to: Date, timezone: string, count: number): number[] {
  const first = localDayStart(from, timezone);
  const shares: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = addLocalDays(first, i, timezone).getTime();
    const end = addLocalDays(first, i + 1, timezone).getTime();
    const overlap = Math.min(end, to.getTime()) - Math.max(start, from.getTime());
    shares.push(overlap > 0 ? overlap / (end - start) : 0);
  }
  return shares;
}

/** How many local days, from the one holding `from`, overlap [from, to) (at most `max`). */
export function localDaysUntil(from: Date, to: Date, timezone: string, max = 400): number {
  if (to <= from) return 0;
  let count = 0;
  for (let day = localDayStart(from, timezone); day < to && count < max; day = addLocalDays(day, 1, timezone)) count++;
  return count;
}
