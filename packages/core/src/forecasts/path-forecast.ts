import { summarizeInPlace } from './quantile';
import type { DailyForecast, ForecastInterval, ForecastMethod, HoltWintersParameters } from './types';

function checkWeights(weights: readonly number[], horizon: number): void {
  if (weights.length > horizon) throw new RangeError(`Forecast weights have ${weights.length} entries but the horizon is ${horizon} days`);
}

/** Weighted sum of each path's days (weights past their length count 0). */
function weightedPathSums(paths: Float64Array, horizon: number, weights: readonly number[]): Float64Array {
  checkWeights(weights, horizon);
  const samples = paths.length / horizon;
  const sums = new Float64Array(samples);
  for (let p = 0; p < samples; p++) {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += (weights[i] ?? 0) * (paths[p * horizon + i] ?? 0);
    sums[p] = sum;
  }
  return sums;
}

/** Per-day summaries of path-major sample paths. */
function summarizeDays(paths: Float64Array, horizon: number): ForecastInterval[] {
  const samples = paths.length / horizon;
  const column = new Float64Array(samples);
  const days: ForecastInterval[] = [];
  for (let i = 0; i < horizon; i++) {
    for (let p = 0; p < samples; p++) column[p] = paths[p * horizon + i] ?? 0;
    days.push(summarizeInPlace(column));
  }
  return days;
}

/** Wraps simulated paths (samples x horizon, path-major) as a DailyForecast reading them for every answer. */
export function forecastFromPaths(
  method: ForecastMethod,
  parameters: HoltWintersParameters | null,
  paths: Float64Array,
  horizon: number,
): DailyForecast {
  return {
    method,
    parameters,
    days: summarizeDays(paths, horizon),
    total: (weights) => summarizeInPlace(weightedPathSums(paths, horizon, weights)),
    probabilityAbove: (base, weights, threshold) => {
      const sums = weightedPathSums(paths, horizon, weights);
      let above = 0;
      for (const sum of sums) if (base + sum > threshold) above++;
      return above / sums.length;
    },
  };
}

/** The forecast when there is nothing to go on: every day is 0 with certainty. */
export function zeroForecast(horizon: number): DailyForecast {
  const zero = (): ForecastInterval => ({ mean: 0, p10: 0, p90: 0 });
  return {
    method: 'NO_HISTORY',
    parameters: null,
    days: Array.from({ length: horizon }, zero),
    total: (weights) => {
      checkWeights(weights, horizon);
      return zero();
    },
    probabilityAbove: (base, weights, threshold) => {
      checkWeights(weights, horizon);
      return base > threshold ? 1 : 0;
    },
  };
}
