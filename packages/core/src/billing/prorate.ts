import type Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { badInput } from '../errors';

/** Whole local calendar days from `from` to `to` in the zone (DST days count as one day). */
export function localDaysBetween(from: Date, to: Date, timezone: string): number {
  const start = DateTime.fromJSDate(from, { zone: timezone }).startOf('day');
  const end = DateTime.fromJSDate(to, { zone: timezone }).startOf('day');
  return Math.round(end.diff(start, 'days').days);
}

/**
 * The share of `amount` for the days of [periodStart, periodEnd) that remain
 * from `changeAt`, counted in real local calendar days (a 31-day month divides
 * by 31, February by 28 or 29). Full precision; rounding is the invoice's.
 */
export function prorate(amount: Decimal, periodStart: Date, periodEnd: Date, changeAt: Date, timezone: string): Decimal {
  if (!(periodStart < periodEnd) || changeAt < periodStart || changeAt > periodEnd) throw badInput('changeAt must fall inside the period', 'INVALID_PERIOD');
  const total = localDaysBetween(periodStart, periodEnd, timezone);
  const remaining = localDaysBetween(changeAt, periodEnd, timezone);
  return amount.times(remaining).dividedBy(total);
}
