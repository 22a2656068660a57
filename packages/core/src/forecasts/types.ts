/** Which model produced a forecast: it depends on how much history there is. */
export type ForecastMethod = 'HOLT_WINTERS_DAMPED' | 'HOLT_WINTERS' | 'RUN_RATE' | 'NO_HISTORY';

/** How far and how finely to forecast. */
export interface ForecastOptions {
  /** Days to forecast after the last history day (>= 1, <= 400). */
  horizon: number;
  /** Season length in days; 7 = weekly. */
  seasonLength?: number;
  /** Simulated sample paths used for intervals and probabilities. */
  samples?: number;
  /** PRNG seed so the same input gives the same answer. */
  seed?: number;
}

/** Mean and 10th/90th percentiles of a forecast quantity. */
export interface ForecastInterval {
  mean: number;
  p10: number;
  p90: number;
}

/**
 * Smoothing parameters of additive Holt-Winters with damped trend, in innovations form: beta is the
 * trend's gain on the one-step error (so beta <= alpha), and phi = 1 means the trend is not damped.
 */
export interface HoltWintersParameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** A daily spend forecast, backed by simulated sample paths. */
export interface DailyForecast {
  method: ForecastMethod;
  /** Fitted smoothing parameters for HOLT_WINTERS_DAMPED and HOLT_WINTERS (phi = 1), else null. */
  parameters: HoltWintersParameters | null;
  /** Per forecast day i (0 = the day after the last history day). */
  days: ForecastInterval[];
  /**
   * Distribution of sum_i weights[i] * day_i over the sample paths (weights.length <= horizon; missing weights count 0).
   * Used e.g. for "rest of today (weight 0.4) + the remaining 16 days of the month (weight 1)".
   */
  total(weights: readonly number[]): ForecastInterval;
  /** P(base + sum_i weights[i] * day_i > threshold), estimated over the sample paths, in [0, 1]. */
  probabilityAbove(base: number, weights: readonly number[], threshold: number): number;
}
