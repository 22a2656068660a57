import { cloneState, type HoltWintersState } from './holt-winters';
import type { HoltWintersParameters } from './types';

/** The least-squares start level and trend for given parameters, and how well they are pinned down. */
export interface StartStateFit {
  start: HoltWintersState;
  /** Sum of squared one-step errors from that start. */
  sse: number;
  /** Gram matrix [ll, lt, tt] of the error sensitivities: the start's estimation covariance is sigma^2 times its inverse. */
  gram: readonly [number, number, number];
  /** How the state after the last history day moves per unit of start level and of start trend. */
  finalShifts: readonly [HoltWintersState, HoltWintersState];
}

/**
 * Least-squares start level and trend for fixed smoothing parameters (seasonals stay as guessed).
 * The recursion is linear, so one-step errors and the final state move linearly with the start:
 * running it alongside on zero data from a unit level and a unit trend gives those sensitivities,
 * and a 2x2 solve gives the best start. Unlike the classical start (two seasons) it uses the whole
 * history, which matters most for the trend. One fused pass because the fit calls this per candidate.
 */
export function fitStartState(history: readonly number[], guess: HoltWintersState, p: HoltWintersParameters): StartStateFit {
  const { alpha, beta, gamma, phi } = p;
  const m = guess.seasonals.length;
  // Three copies of the recursion side by side on locals, suffixes D (the data), L (unit level), T (unit trend).
  const sD = Float64Array.from(guess.seasonals);
  const sL = new Float64Array(m);
  const sT = new Float64Array(m);
  let [levelD, trendD, levelL, trendL, levelT, trendT] = [guess.level, guess.trend, 1, 0, 0, 1];
  let sse = 0;
  // Gram entries of the sensitivities (LL, LT, TT) and right-hand side -E'e (L, T).
  let [gLL, gLT, gTT, rL, rT] = [0, 0, 0, 0, 0];
  for (let i = 0; i < history.length; i++) {
    const slot = (guess.time + i) % m;
    const [dampedD, dampedL, dampedT] = [phi * trendD, phi * trendL, phi * trendT];
    const eD = history[i]! - (levelD + dampedD + sD[slot]!);
    const eL = -(levelL + dampedL + sL[slot]!);
    const eT = -(levelT + dampedT + sT[slot]!);
    sse += eD * eD;
    gLL += eL * eL;
    gLT += eL * eT;
    gTT += eT * eT;
    rL -= eL * eD;
    rT -= eT * eD;
    [levelD, trendD, sD[slot]] = [levelD + dampedD + alpha * eD, dampedD + beta * eD, sD[slot]! + gamma * eD];
    [levelL, trendL, sL[slot]] = [levelL + dampedL + alpha * eL, dampedL + beta * eL, sL[slot]! + gamma * eL];
    [levelT, trendT, sT[slot]] = [levelT + dampedT + alpha * eT, dampedT + beta * eT, sT[slot]! + gamma * eT];
  }
  const time = guess.time + history.length;
  const finalShifts = [
    { level: levelL, trend: trendL, seasonals: sL, time },
    { level: levelT, trend: trendT, seasonals: sT, time },
  ] as const;
  const gram = [gLL, gLT, gTT] as const;
  const det = gLL * gTT - gLT * gLT;
  // Singular when the history cannot tell level from trend apart; keep the guess then.
  if (!(det > 1e-12 * gLL * gTT)) return { start: cloneState(guess), sse, gram, finalShifts };
  const dLevel = (gTT * rL - gLT * rT) / det;
  const dTrend = (gLL * rT - gLT * rL) / det;
  const start = { ...cloneState(guess), level: guess.level + dLevel, trend: guess.trend + dTrend };
  // Minimum of the quadratic sse + 2 d'(-r) + d'Gd, at d = G^-1 r: sse - r'd.
  return { start, sse: Math.max(0, sse - rL * dLevel - rT * dTrend), gram, finalShifts };
}

/**
 * Lower Cholesky factor [a, b, c] of sigma^2 G^-1 (G the gram), so that (a z1, b z1 + c z2) with
 * standard normal z draws the start level/trend estimation error. Null when G is singular.
 */
export function startErrorFactor(gram: StartStateFit['gram'], sigma: number): [number, number, number] | null {
  const [ll, lt, tt] = gram;
  const det = ll * tt - lt * lt;
  if (!(det > 1e-12 * ll * tt)) return null;
  const a = Math.sqrt((sigma * sigma * tt) / det);
  const b = a === 0 ? 0 : (-sigma * sigma * lt) / det / a;
  const c = Math.sqrt(Math.max(0, (sigma * sigma * ll) / det - b * b));
  return [a, b, c];
}
