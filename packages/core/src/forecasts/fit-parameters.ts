import type { HoltWintersParameters } from './types';

type Key = keyof HoltWintersParameters;
/** Which of beta, gamma, phi a candidate structure fits; the others stay pinned at their simplest value. */
export type Structure = Record<'beta' | 'gamma' | 'phi', boolean>;

/** Value a parameter is pinned at when not fitted: no trend learning, no seasonal learning, no damping. */
const PINNED = { beta: 0, gamma: 0, phi: 1 } as const;
const GRID: Record<Key, number[]> = {
  alpha: [0.05, 0.1, 0.2, 0.35, 0.6, 0.9],
  beta: [0.02, 0.08, 0.2],
  gamma: [0.1, 0.25, 0.5],
  phi: [0.8, 0.9, 0.98],
};
const STEPS: Record<Key, number> = { alpha: 0.05, beta: 0.02, gamma: 0.05, phi: 0.02 };

/**
 * Pulls parameters into the admissible box; beta <= alpha and gamma <= 1 - alpha keep the model
 * stable. Phi may reach 1 (no damping): with phi <= 0.98 the trend state decays by a fifth every
 * ten days in-sample, so a trend that really persists is under-extrapolated.
 */
export function clampParameters(p: HoltWintersParameters): HoltWintersParameters {
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const alpha = clamp(p.alpha, 0.05, 0.9);
  return {
    alpha,
    beta: clamp(p.beta, 0, Math.min(0.3, alpha)),
    gamma: clamp(p.gamma, 0, Math.min(0.5, 1 - alpha)),
    phi: clamp(p.phi, 0.8, 1),
  };
}

function* gridFor(structure: Structure): Generator<HoltWintersParameters> {
  const values = (key: 'beta' | 'gamma' | 'phi') => (structure[key] ? GRID[key] : [PINNED[key]]);
  for (const alpha of GRID.alpha)
    for (const beta of values('beta'))
      for (const gamma of values('gamma'))
        for (const phi of values('phi')) if (beta <= alpha && gamma <= 1 - alpha) yield { alpha, beta, gamma, phi };
}

/**
 * Minimises `sse` over the parameters the structure fits: a coarse grid, then a compass search
 * (try +/- a step on each fitted parameter, halve the steps when stuck).
 */
export function minimizeParameters(
  sse: (p: HoltWintersParameters) => number,
  structure: Structure,
): { parameters: HoltWintersParameters; sse: number } {
  let best: HoltWintersParameters = { alpha: 0.2, ...PINNED };
  let value = sse(best);
  for (const candidate of gridFor(structure)) {
    const candidateValue = sse(candidate);
    if (candidateValue < value) [best, value] = [candidate, candidateValue];
  }
  const keys = (['alpha', 'beta', 'gamma', 'phi'] as const).filter((key) => key === 'alpha' || structure[key]);
  const steps = { ...STEPS };
  for (let round = 0; round < 4; round++) {
    let improved = true;
    for (let pass = 0; improved && pass < 8; pass++) {
      improved = false;
      for (const key of keys)
        for (const sign of [1, -1]) {
          const candidate = clampParameters({ ...best, [key]: best[key] + sign * steps[key] });
          const candidateValue = sse(candidate);
          if (candidateValue < value) [best, value, improved] = [candidate, candidateValue, true];
        }
    }
    for (const key of keys) steps[key] /= 2;
  }
  return { parameters: best, sse: value };
}
