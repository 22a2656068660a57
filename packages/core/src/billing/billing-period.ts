import { DateTime } from 'luxon';
import { badInput } from '../errors';
import type { PeriodWindow } from '../periods';

export type BillingInterval = 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
export type BillingAnchor = 'CALENDAR' | 'ANNIVERSARY';

const MONTHS: Record<BillingInterval, number> = { MONTHLY: 1, QUARTERLY: 3, YEARLY: 12 };

/**
 * The billing period of a subscription that contains `at`, in the org's zone.
 * CALENDAR periods are calendar months, quarters or years. ANNIVERSARY periods
 * start on the subscription's local start date and time, each computed from
 * that start (not from the previous period), so a subscription started on the
 * 31st bills on the 28th/29th/30th in shorter months and back on the 31st after,
 * without drifting.
 */
export function billingPeriod(anchor: BillingAnchor, interval: BillingInterval, subscriptionStart: Date, at: Date, timezone: string): PeriodWindow & { end: Date } {
  if (at < subscriptionStart) throw badInput('the instant is before the subscription started', 'INVALID_PERIOD');
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const months = MONTHS[interval];
  if (anchor === 'CALENDAR') {
    const start = local.startOf(interval === 'MONTHLY' ? 'month' : interval === 'QUARTERLY' ? 'quarter' : 'year');
    return { start: start.toJSDate(), end: start.plus({ months }).toJSDate() };
  }
  const origin = DateTime.fromJSDate(subscriptionStart, { zone: timezone });
  let index = Math.max(0, Math.floor(local.diff(origin, 'months').months / months) - 1);
  while (origin.plus({ months: (index + 1) * months }) <= local) index++;
  return { start: origin.plus({ months: index * months }).toJSDate(), end: origin.plus({ months: (index + 1) * months }).toJSDate() };
}

/** The calendar year of an instant in a zone (invoice numbers restart each local year). */
export const localYear = (at: Date, timezone: string): number => DateTime.fromJSDate(at, { zone: timezone }).year;

/** A half-open span [start, end) as the local dates it covers, e.g. "2026-01-01 – 2026-01-31". */
export const localDateSpan = (start: Date, end: Date, timezone: string): string =>
  `${DateTime.fromJSDate(start, { zone: timezone }).toISODate()} – ${DateTime.fromJSDate(end, { zone: timezone }).minus({ milliseconds: 1 }).toISODate()}`;

/** The local calendar month "YYYY-MM" in a zone, as instants [start, end). */
export function localMonth(period: string, timezone: string): { start: Date; end: Date; label: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const start = match ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timezone }) : null;
  if (!start?.isValid) throw badInput(`period must be a month such as 2026-10, not "${period}"`, 'INVALID_PERIOD', { field: 'period' });
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate(), label: period };
}

/** The last local calendar month that has ended at `now`, as "YYYY-MM". */
export const lastEndedLocalMonth = (now: Date, timezone: string): string => DateTime.fromJSDate(now, { zone: timezone }).minus({ months: 1 }).toFormat('yyyy-MM');
