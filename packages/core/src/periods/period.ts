import { DateTime } from 'luxon';
import { badInput } from '../errors';

/** How often a budget or quota starts over. TOTAL never does; CUSTOM runs between explicit dates. */
export const PERIODS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY', 'TOTAL', 'CUSTOM'] as const;
export type Period = (typeof PERIODS)[number];

/** A half-open window [start, end); `end` is null for a TOTAL period. */
export interface PeriodWindow {
  start: Date;
  end: Date | null;
}

const UNIT: Record<Exclude<Period, 'TOTAL' | 'CUSTOM'>, 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  HOURLY: 'hour',
  DAILY: 'day',
  WEEKLY: 'week',
  MONTHLY: 'month',
  QUARTERLY: 'quarter',
  YEARLY: 'year',
};

const EPOCH = new Date(0);

/**
 * The period window that contains `at`, counted in `timezone` (IANA). Days,
 * weeks (from Monday), months, quarters and years follow the local calendar,
 * so a day across a DST change lasts 23 or 25 hours and a month is a calendar
 * month. CUSTOM needs `custom`; outside it there is no window (null).
 */
export function periodWindow(period: Period, at: Date, timezone: string, custom?: { start: Date; end: Date } | null): PeriodWindow | null {
  if (period === 'TOTAL') return { start: EPOCH, end: null };
  if (period === 'CUSTOM') {
    if (!custom || !(custom.start < custom.end)) throw badInput('A CUSTOM period needs a start before its end', 'INVALID_PERIOD');
    return at >= custom.start && at < custom.end ? { start: custom.start, end: custom.end } : null;
  }
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!local.isValid) throw badInput(`Unknown time zone ${timezone}`, 'INVALID_TIMEZONE');
  const unit = UNIT[period];
  const start = local.startOf(unit);
  return { start: start.toJSDate(), end: start.plus({ [unit]: 1 }).toJSDate() };
}

/** The window after `window` (for "resets at"). */
export function nextPeriodWindow(period: Period, window: PeriodWindow, timezone: string): PeriodWindow | null {
  if (!window.end || period === 'CUSTOM' || period === 'TOTAL') return null;
  return periodWindow(period, window.end, timezone);
}
