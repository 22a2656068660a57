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
