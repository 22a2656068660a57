import { logOffset, windowToLogScale } from './log-scale';
import { heldOutResiduals, robustScale } from './residual-scale';
import { median } from './robust-statistics';
import { fitSeasonalProfile } from './seasonal-profile';
import { LEVEL_HOURS, trailingLevels } from './trailing-level';

export const DAY_HOURS = 24;
export const WEEK_HOURS = 168;
/** Two whole weeks give the hour-of-week profile a median of two per phase; less falls back to days. */
export const MIN_WEEKLY_HISTORY_HOURS = 2 * WEEK_HOURS;
/** Below three days there is no telling a daily shape from noise. */
export const MIN_DAILY_HISTORY_HOURS = 3 * DAY_HOURS;
/**
 * Hours this many scales below their fit (idle or outage hours, zeros in small series)
 * are left out of the second fit: two such hours among four weeks would drag a phase's
 * median down and make ordinary spend look like a jump.
 */
export const LOW_OUTLIER_SCALES = 3.5;

/** What the history says about the next hour, on the log(x + offset) scale. */
export interface HourExpectation {
  method: 'WEEKLY_PROFILE' | 'DAILY_PROFILE';
  offset: number;
  expectedLog: number;
  scale: number;
}

/**
 * Each hour's log spend minus the trailing day's level; with a `shape` (per phase of the
 * window, whose first hour is phase 0) the levels are of the deseasonalised values.
 */
function levelDeviations(leadIn: Float64Array, y: Float64Array, shape: Float64Array | null): { levels: Float64Array; deviations: Float64Array } {
  const period = shape?.length ?? 1;
  const lead = shape === null ? leadIn : leadIn.map((value, i) => value - shape[period - LEVEL_HOURS + i]!);
  const flat = shape === null ? y : y.map((value, j) => value - shape[j % period]!);
  const levels = trailingLevels(lead, flat);
  const deviations = new Float64Array(y.length);
  for (let j = 0; j < y.length; j++) deviations[j] = y[j]! - levels[j]!;
  return { levels, deviations };
}

/**
 * Without a weekly profile a quiet weekend would set the level for Monday morning and
 * flag it; so in daily mode the level is at least the median of the trailing-day levels
 * at this hour over the last week. It can only raise the expectation (fewer alerts).
 */
function dailyModeLevel(levels: Float64Array): number {
  const sameHour: number[] = [];
  for (let j = levels.length - 1; j >= 0 && sameHour.length < 7; j -= DAY_HOURS) sameHour.push(levels[j]!);
  return Math.max(levels[levels.length - 1]!, median(sameHour));
}

/**
 * Expectation for the hour at index `end` of `values`, from the `length` hours before it
 * (only whole weeks or days are used, the oldest partial cycle is dropped); null when
 * there is too little history. Model: log spend = level of the trailing day + seasonal
 * deviation for the hour of the week (or day) + noise.
 */
export function expectHour(values: readonly number[], end: number, length: number): HourExpectation | null {
  if (length < MIN_DAILY_HISTORY_HOURS) return null;
  const period = length >= MIN_WEEKLY_HISTORY_HOURS ? WEEK_HOURS : DAY_HOURS;
  const start = end - Math.floor(length / period) * period;
  const offset = logOffset(values, start, end);
  const y = windowToLogScale(values, start, end, offset);
  // Hours before the window give its first day a level; when the history has none, the same
  // hours one cycle later stand in (same phases of the shape, a level from a cycle later).
  const realLead = start - LEVEL_HOURS >= end - length;
  const leadIn = realLead ? windowToLogScale(values, start - LEVEL_HOURS, start, offset) : y.slice(period - LEVEL_HOURS, period);
  // Pass 1: levels of the raw trailing day; its profile and noise find the hours far below their fit.
  const raw = levelDeviations(leadIn, y, null);
  const initial = new Uint8Array(y.length).fill(1);
  if (!realLead && process.env.SKIPFIRST) initial.fill(0, 0, LEVEL_HOURS);
  const first = fitSeasonalProfile(raw.deviations, period, initial);
  const firstResiduals = heldOutResiduals(raw.deviations, first);
  const cutoff = -LOW_OUTLIER_SCALES * robustScale(firstResiduals);
  const keep = new Uint8Array(y.length);
  for (let j = 0; j < y.length; j++) keep[j] = initial[j] === 1 && firstResiduals[j]! >= cutoff ? 1 : 0;
  // Pass 2: levels of the trailing day with the shape removed (steadier than the raw median
  // of a day of peaks and troughs), profile refitted without those hours.
  const { levels, deviations } = levelDeviations(leadIn, y, first.profile);
  const fit = fitSeasonalProfile(deviations, period, keep);
  const residuals = heldOutResiduals(deviations, fit);
  return {
    method: period === WEEK_HOURS ? 'WEEKLY_PROFILE' : 'DAILY_PROFILE',
    offset,
    expectedLog: (period === WEEK_HOURS ? levels[y.length]! : dailyModeLevel(levels)) + fit.profile[0]!,
    scale: robustScale(residuals),
  };
}
