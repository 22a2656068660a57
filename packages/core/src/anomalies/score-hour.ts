import { expectHour } from './hour-expectation';
import { judgeHour } from './judge-hour';
import { resolveAnomalyOptions, validateSpend } from './options';
import { median } from './robust-statistics';
import type { AnomalyOptions, HourScore } from './types';

/**
 * Scores the spend of the hour just closed against its trailing history (hourly totals,
 * oldest first): only unusual increases are anomalies. history[history.length - k] is
 * k hours before the tested hour, so history[history.length - 168] is one week earlier.
 * Weeks of history (4 is typical) plus one day, e.g. 696 hours, are best: the extra day
 * gives the oldest fitted day its own trailing level. Negative totals count as zero.
 * Throws a RangeError on non-finite input or bad options.
 */
export function scoreHour(history: readonly number[], actual: number, options?: AnomalyOptions): HourScore {
  const resolved = resolveAnomalyOptions(options);
  validateSpend('history', history);
  validateSpend('actual', [actual]);
  const expectation = expectHour(history, history.length, history.length);
  return judgeHour(expectation, actual, resolved, () => (history.length === 0 ? 0 : Math.max(median(history), 0)));
}
