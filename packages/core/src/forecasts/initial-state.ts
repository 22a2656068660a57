import type { HoltWintersState } from './holt-winters';

function mean(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  return sum / (to - from);
}

/**
 * Classical-decomposition start state from the first two seasons: the trend is the change of the
 * season means per day, seasonals are the detrended deviations averaged over both seasons.
 * The fit keeps these seasonals and re-solves level and trend by least squares (start-state.ts).
 * Needs history.length >= 2 * m.
 */
export function initialState(history: readonly number[], m: number): HoltWintersState {
  const first = mean(history, 0, m);
  const second = mean(history, m, 2 * m);
  const trend = (second - first) / m;
  // Season means sit at the season midpoint (m-1)/2, so the trend line at day t is first + (t - (m-1)/2) * trend.
  const seasonals = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const lineFirst = first + (j - (m - 1) / 2) * trend;
    const lineSecond = lineFirst + m * trend;
    seasonals[j] = ((history[j] ?? 0) - lineFirst + (history[j + m] ?? 0) - lineSecond) / 2;
  }
  // Additive seasonals should sum to zero so they do not leak into the level.
  const offset = seasonals.reduce((sum, s) => sum + s, 0) / m;
  for (let j = 0; j < m; j++) seasonals[j] = (seasonals[j] ?? 0) - offset;
  // The state sits one day before day 0, so one trend step lands on the line at day 0.
  return { level: first - ((m - 1) / 2 + 1) * trend, trend, seasonals, time: 0 };
}
