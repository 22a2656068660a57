import type { HourExpectation } from './hour-expectation';
import { fromLogScale, toLogScale } from './log-scale';
import type { ResolvedAnomalyOptions } from './options';
import type { HourScore } from './types';

/**
 * Turns an expectation into a verdict on `actual`. Only increases can be anomalies: the
 * score is signed, and a drop gives a negative one. `fallback` gives the expected spend
 * when there is no expectation (too little history).
 */
export function judgeHour(
  expectation: HourExpectation | null,
  actual: number,
  options: ResolvedAnomalyOptions,
  fallback: () => number,
): HourScore {
  if (expectation === null) {
    return { method: 'INSUFFICIENT_HISTORY', expected: fallback(), actual, score: 0, isAnomaly: false, severity: null };
  }
  const { method, offset, expectedLog, scale } = expectation;
  const expected = fromLogScale(expectedLog, offset);
  const score = (toLogScale(actual, offset) - expectedLog) / scale;
  const isAnomaly = score >= options.threshold && actual - expected >= options.minExcess;
  const severity = !isAnomaly ? null : score >= options.criticalThreshold ? 'CRITICAL' : 'WARNING';
  return { method, expected, actual, score, isAnomaly, severity };
}
