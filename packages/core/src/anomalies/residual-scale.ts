import { MAD_TO_SIGMA, medianAbsoluteDeviationInPlace, medianInPlace } from './robust-statistics';
import type { SeasonalProfile } from './seasonal-profile';

/**
 * Floor of the log-scale noise: a perfectly steady series must not turn every
 * wobble into an alert (at threshold 4 it takes a rise of about a quarter).
 */
export const MIN_LOG_SCALE = 0.05;

/**
 * Out-of-sample residuals of the window's hours: each deviation set against the profile
 * fitted without its own cycle, as the tested hour is. In-sample residuals came out about
 * 1.6x too small on four weeks (more on two), which would inflate every score.
 */
export function heldOutResiduals(deviations: Float64Array, fit: SeasonalProfile): Float64Array {
  const residuals = new Float64Array(deviations.length);
  for (let j = 0; j < deviations.length; j++) residuals[j] = deviations[j]! - fit.heldOut[j]!;
  return residuals;
}

/** Robust noise scale (1.4826 x MAD) of the residuals, floored at MIN_LOG_SCALE. */
export function robustScale(residuals: Float64Array): number {
  const buffer = residuals.slice();
  return Math.max(MAD_TO_SIGMA * medianAbsoluteDeviationInPlace(buffer, medianInPlace(buffer)), MIN_LOG_SCALE);
}
