/**
 * A seasonal shape of log spend relative to the trailing day's level, fitted over whole
 * cycles (weeks or days) and aligned so that phase 0 is the hour being tested: value j
 * of the window has phase j % period.
 */
export interface SeasonalProfile {
  period: number;
  /** profile[p]: median over cycles of phase p's deviation. */
  profile: Float64Array;
  /** heldOut[j]: the same median for j's phase but without j's own cycle, i.e. out of sample. */
  heldOut: Float64Array;
}

/** Median of the first n values of an ascending array, skipping index `skip` (-1: none). */
function sortedMedian(sorted: Float64Array, n: number, skip: number): number {
  const count = skip >= 0 ? n - 1 : n;
  const middle = count >> 1;
  const upper = sorted[skip >= 0 && middle >= skip ? middle + 1 : middle]!;
  if (count % 2 === 1) return upper;
  return (sorted[skip >= 0 && middle - 1 >= skip ? middle : middle - 1]! + upper) / 2;
}

/**
 * Fits the profile on `deviations` (a whole number of periods long), ignoring hours
 * whose `keep` flag is 0 (already judged outliers); null keeps all.
 */
export function fitSeasonalProfile(deviations: Float64Array, period: number, keep: Uint8Array | null): SeasonalProfile {
  const profile = new Float64Array(period);
  const heldOut = new Float64Array(deviations.length);
  const column = new Float64Array(deviations.length / period);
  const usable = (j: number) => keep === null || keep[j] === 1;
  for (let p = 0; p < period; p++) {
    let n = 0;
    for (let j = p; j < deviations.length; j += period) {
      if (!usable(j)) continue;
      const value = deviations[j]!;
      // Insertion sort: a phase has only a handful of cycles.
      let i = n++;
      for (; i > 0 && column[i - 1]! > value; i--) column[i] = column[i - 1]!;
      column[i] = value;
    }
    const full = n === 0 ? 0 : sortedMedian(column, n, -1);
    profile[p] = full;
    for (let j = p; j < deviations.length; j += period) {
      // An hour left out of the fit, or alone in its phase, is already out of sample.
      if (n < 2 || !usable(j)) {
        heldOut[j] = full;
        continue;
      }
      let own = 0;
      while (column[own] !== deviations[j]) own++;
      heldOut[j] = sortedMedian(column, n, own);
    }
  }
  return { period, profile, heldOut };
}
