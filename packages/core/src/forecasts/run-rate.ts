import type { SeededRandom } from '../random/seeded-random';

/** Daily run rate and its day-to-day spread. */
export interface RunRate {
  mean: number;
  sigma: number;
  /** Days the rate was averaged over. */
  days: number;
}

/** Days averaged: a week evens out weekday/weekend swings while staying recent. */
const WINDOW_DAYS = 7;
/** With one day there is no spread to measure, so assume a wide one. */
const SINGLE_DAY_RELATIVE_SIGMA = 0.5;

/** Mean and sample standard deviation of the last up-to-7 days. Needs at least one day. */
export function runRate(history: readonly number[]): RunRate {
  const window = history.slice(-WINDOW_DAYS);
  const mean = window.reduce((sum, x) => sum + x, 0) / window.length;
  if (window.length < 2) return { mean, sigma: Math.abs(mean) * SINGLE_DAY_RELATIVE_SIGMA, days: window.length };
  const squares = window.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  return { mean, sigma: Math.sqrt(squares / (window.length - 1)), days: window.length };
}

/**
 * Simulates normal days clipped at 0, laid out path-major like the Holt-Winters paths.
 * Days are independent given the path's rate, but each path first draws its rate around the
 * measured mean (standard error sigma / sqrt(days)): the mean of a few days is itself uncertain,
 * and ignoring that would make multi-day totals far too confident. Antithetic pairs as for Holt-Winters.
 */
export function simulateRunRate(rate: RunRate, horizon: number, samples: number, rng: SeededRandom): Float64Array {
  const paths = new Float64Array(samples * horizon);
  const draws = new Float64Array(horizon + 1);
  const standardError = rate.sigma / Math.sqrt(rate.days);
  for (let p = 0; p < samples; p++) {
    const sign = p % 2 === 1 ? -1 : 1;
    if (sign === 1) for (let i = 0; i <= horizon; i++) draws[i] = rng.normal();
    const pathRate = rate.mean + sign * draws[horizon]! * standardError;
    for (let i = 0; i < horizon; i++) {
      const value = pathRate + sign * draws[i]! * rate.sigma;
      paths[p * horizon + i] = value > 0 ? value : 0;
    }
  }
  return paths;
}
