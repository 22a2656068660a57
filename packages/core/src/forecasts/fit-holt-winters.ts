import { minimizeParameters, type Structure } from './fit-parameters';
import { filterHistory, type HoltWintersState } from './holt-winters';
import { initialState } from './initial-state';
import { fitStartState, type StartStateFit } from './start-state';
import type { HoltWintersParameters } from './types';

/** A fitted model: parameters, the state after the last history day, the innovation sigma, and the start-state fit. */
export interface HoltWintersFit {
  parameters: HoltWintersParameters;
  state: HoltWintersState;
  sigma: number;
  startState: StartStateFit;
}

/** Every combination of fitting or pinning beta, gamma and phi (alpha is always fitted). */
const STRUCTURES: Structure[] = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({ beta: (bits & 1) > 0, gamma: (bits & 2) > 0, phi: (bits & 4) > 0 }));

/** Small-sample corrected AIC of a Gaussian model with k estimated values. */
function aicc(sse: number, n: number, k: number): number {
  return n * Math.log(Math.max(sse, Number.MIN_VALUE) / n) + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1);
}

/**
 * Fits the smoothing parameters by least squares on one-step errors, with the start level and trend
 * re-solved for every candidate (the errors are linear in them, so this is exact and cheap).
 * Each of beta, gamma and phi is fitted only if that pays for itself by AICc, as ETS model selection
 * does: on a few weeks of noisy history the one-step errors barely tell a learning or damped trend
 * from a fixed one, yet that choice swings multi-week projections by several percent.
 * Sigma is the plain RMS of the one-step errors, not a robust scale: spend spikes are real and must
 * widen the intervals, and a robust estimate would under-cover them.
 */
export function fitHoltWinters(history: readonly number[], m: number): HoltWintersFit {
  const n = history.length;
  const classical = initialState(history, m);
  const sse = (p: HoltWintersParameters) => fitStartState(history, classical, p).sse;
  // Always estimated: start level and trend, m-1 free seasonals, alpha, sigma.
  const alwaysEstimated = 2 + (m - 1) + 1 + 1;
  const candidates = STRUCTURES.map((structure) => {
    const { parameters, sse: fittedSse } = minimizeParameters(sse, structure);
    const estimated = alwaysEstimated + Number(structure.beta) + Number(structure.gamma) + Number(structure.phi);
    return { parameters, estimated, score: aicc(fittedSse, n, estimated) };
  });
  const best = candidates.reduce((a, b) => (b.score < a.score ? b : a));
  const startState = fitStartState(history, classical, best.parameters);
  const errors = new Float64Array(n);
  const { state } = filterHistory(history, startState.start, best.parameters, errors);
  const squares = errors.reduce((total, e) => total + e * e, 0);
  // Divide by the residual degrees of freedom (sigma itself is not a mean parameter).
  const sigma = Math.sqrt(squares / Math.max(1, n - (best.estimated - 1)));
  return { parameters: best.parameters, state, sigma, startState };
}
