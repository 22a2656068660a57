import type { SeededRandom } from '../random/seeded-random';
import type { HoltWintersFit } from './fit-holt-winters';
import { startErrorFactor } from './start-state';

/**
 * Simulates `samples` future paths through the model's own state equations, so level, trend and
 * seasonal uncertainty compound over the horizon. Layout: path p, day i at p * horizon + i.
 *
 * Each path also starts from its own draw of the final state: the start level and trend were
 * estimated by least squares, and their error carries linearly into the final state. Without
 * this, small alpha/beta make paths nearly independent days and intervals on multi-day totals
 * far too narrow, as if the current level were known exactly.
 *
 * Paths come in antithetic pairs (all draws z and -z), so the unclipped simulated mean equals the
 * point forecast exactly. Days are clipped at 0 as spend cannot be negative, but the unclipped
 * value drives the state: clipping is about what is observed, and feeding it back would push the
 * level up on every low draw and bias all later days upward.
 */
export function simulateHoltWinters(fit: HoltWintersFit, horizon: number, samples: number, rng: SeededRandom): Float64Array {
  const { alpha, beta, gamma, phi } = fit.parameters;
  const [levelShift, trendShift] = fit.startState.finalShifts;
  const [a, b, c] = startErrorFactor(fit.startState.gram, fit.sigma) ?? [0, 0, 0];
  const m = fit.state.seasonals.length;
  const paths = new Float64Array(samples * horizon);
  const innovations = new Float64Array(horizon);
  const seasonals = new Float64Array(m);
  let startLevel = 0;
  let startTrend = 0;
  for (let p = 0; p < samples; p++) {
    const sign = p % 2 === 1 ? -1 : 1;
    if (sign === 1) {
      for (let i = 0; i < horizon; i++) innovations[i] = fit.sigma * rng.normal();
      const z1 = rng.normal();
      [startLevel, startTrend] = [a * z1, b * z1 + c * rng.normal()];
    }
    const dLevel = sign * startLevel;
    const dTrend = sign * startTrend;
    let level = fit.state.level + dLevel * levelShift.level + dTrend * trendShift.level;
    let trend = fit.state.trend + dLevel * levelShift.trend + dTrend * trendShift.trend;
    for (let s = 0; s < m; s++) seasonals[s] = fit.state.seasonals[s]! + dLevel * levelShift.seasonals[s]! + dTrend * trendShift.seasonals[s]!;
    // Same recursion as holt-winters.ts advance(), inlined on locals: this loop runs samples x horizon times.
    for (let i = 0; i < horizon; i++) {
      const slot = (fit.state.time + i) % m;
      const error = sign * innovations[i]!;
      const dampedTrend = phi * trend;
      const value = level + dampedTrend + seasonals[slot]! + error;
      paths[p * horizon + i] = value > 0 ? value : 0;
      level += dampedTrend + alpha * error;
      trend = dampedTrend + beta * error;
      seasonals[slot]! += gamma * error;
    }
  }
  return paths;
}
