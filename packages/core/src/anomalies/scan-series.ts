import { expectHour } from './hour-expectation';
import { resolveAnomalyOptions, validateSpend } from './options';
import { median } from './robust-statistics';
import { judgeHour } from './judge-hour';
import type { AnomalyOptions, HourScore } from './types';

/**
 * Scores every hour t >= windowHours of a series against the windowHours before it,
 * as the hourly job would have (for backtests); result[i] is for series[windowHours + i].
 */
export function scanSeries(series: readonly number[], windowHours: number, options?: AnomalyOptions): HourScore[] {
  if (!Number.isInteger(windowHours) || windowHours < 1) {
    throw new RangeError(`Anomaly windowHours must be a positive integer, got ${windowHours}`);
  }
  const resolved = resolveAnomalyOptions(options);
  validateSpend('series', series);
  const scores: HourScore[] = [];
  for (let t = windowHours; t < series.length; t++) {
    const fallback = () => Math.max(median(series.slice(t - windowHours, t)), 0);
    scores.push(judgeHour(expectHour(series, t, windowHours), series[t]!, resolved, fallback));
  }
  return scores;
}
