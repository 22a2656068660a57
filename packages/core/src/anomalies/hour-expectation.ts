import { logOffset, windowToLogScale } from './log-scale';
import { heldOutResiduals, robustScale } from './residual-scale';
import { median } from './robust-statistics';
import { fitSeasonalProfile } from './seasonal-profile';
import { LEVEL_HOURS, levelDeviations } from './trailing-level';

export const DAY_HOURS = 24;
export const WEEK_HOURS = 168;
/** Two whole weeks give the hour-of-week profile two values per phase; less falls back to days. */
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
 * Without a weekly profile, a quiet weekend would set the level for Monday morning and
 * flag it; so in daily mode the level is at least the median of the trailing-day levels
 * at this hour over the last week. It only ever raises the expectation.
 */
function dailyModeLevel(levels: Float64Array): number {
  const sameHour: number[] = [];
  for (let j = levels.length - 1; j >= 0 && sameHour.length < 7; j -= DAY_HOURS) sameHour.push(levels[j]!);
  return Math.max(levels[levels.length - 1]!, median(sameHour));
}

/**
 * Expectation for the hour at index `end` of `values`, from the `length` hours before it;
 * null when there is too little history. Model, on log(x + c): spend = level of the
 * trailing day + seasonal deviation for the hour of the week (or of the day) + noise.
 * Only whole weeks (or days) are fitted; an older partial one serves as the first day's lead-in.
 */
export function expectHour(values: readonly number[], end: number, length: number): HourExpectation | null {
  if (length < MIN_DAILY_HISTORY_HOURS) return null;
  const period = length >= MIN_WEEKLY_HISTORY_HOURS ? WEEK_HOURS : DAY_HOURS;
  const start = end - Math.floor(length / period) * period;
  const offset = logOffset(values, start, end);
  const y = windowToLogScale(values, start, end, offset);
  // With no history before the window, the same hours one cycle later stand in for the
  // first day's lead-in (same phases of the shape; measured better than the day itself).
  const leadIn = start - LEVEL_HOURS >= end - length ? windowToLogScale(values, start - LEVEL_HOURS, start, offset) : y.slice(period - LEVEL_HOURS, period);

  // Pass 1, on raw trailing levels: finds the hours far below their fit.
  const raw = levelDeviations(leadIn, y, null);
  const first = fitSeasonalProfile(raw.deviations, period, null);
  const firstResiduals = heldOutResiduals(raw.deviations, first);
  const cutoff = -LOW_OUTLIER_SCALES * robustScale(firstResiduals);
  const keep = new Uint8Array(y.length);
  for (let j = 0; j < y.length; j++) keep[j] = firstResiduals[j]! >= cutoff ? 1 : 0;

  // Pass 2, on deseasonalised trailing levels, without those hours.
  const { levels, deviations } = levelDeviations(leadIn, y, first.profile);
  const fit = fitSeasonalProfile(deviations, period, keep);
  return {
    method: period === WEEK_HOURS ? 'WEEKLY_PROFILE' : 'DAILY_PROFILE',
    offset,
    expectedLog: (period === WEEK_HOURS ? levels[y.length]! : dailyModeLevel(levels)) + fit.profile[0]!,
    scale: robustScale(heldOutResiduals(deviations, fit)),
  };
}
