import type { HoltWintersParameters } from './types';

/**
 * State of additive Holt-Winters with damped trend, ETS(A,Ad,A) in innovations form.
 * `seasonals[t % m]` holds the seasonal term to use at time t (set at time t - m).
 */
export interface HoltWintersState {
  level: number;
  trend: number;
  seasonals: Float64Array;
  /** Time index of the next observation. */
  time: number;
}

/** Copies a state so a recursion can advance it without touching the original. */
export function cloneState(state: HoltWintersState): HoltWintersState {
  return { ...state, seasonals: Float64Array.from(state.seasonals) };
}

/** One-step-ahead forecast of the next observation. */
export function predictNext(state: HoltWintersState, phi: number): number {
  const m = state.seasonals.length;
  return state.level + phi * state.trend + (state.seasonals[state.time % m] ?? 0);
}

/** Advances the state by one day given that day's innovation (error of the one-step forecast). */
export function advance(state: HoltWintersState, p: HoltWintersParameters, error: number): void {
  const m = state.seasonals.length;
  const slot = state.time % m;
  const dampedTrend = p.phi * state.trend;
  state.level += dampedTrend + p.alpha * error;
  state.trend = dampedTrend + p.beta * error;
  state.seasonals[slot] = (state.seasonals[slot] ?? 0) + p.gamma * error;
  state.time += 1;
}

/**
 * Runs the recursion over the history from a start state, returning the final state and the
 * sum of squared one-step errors; records every error too when given an array for them.
 */
export function filterHistory(
  history: readonly number[],
  start: HoltWintersState,
  p: HoltWintersParameters,
  errors?: Float64Array,
): { state: HoltWintersState; sse: number } {
  const state = cloneState(start);
  let sse = 0;
  for (let t = 0; t < history.length; t++) {
    const error = (history[t] ?? 0) - predictNext(state, p.phi);
    sse += error * error;
    if (errors) errors[t] = error;
    advance(state, p, error);
  }
  return { state, sse };
}
