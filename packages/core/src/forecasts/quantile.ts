import type { ForecastInterval } from './types';

/**
 * Rearranges values so that values[k] is the k-th smallest, with nothing larger before it and
 * nothing smaller after it (quickselect, median-of-three pivot). Linear time on average, which
 * beats sorting when a forecast summarises hundreds of days of thousands of paths.
 */
export function selectInPlace(values: Float64Array, k: number): void {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    const [a, b, c] = [values[lo]!, values[mid]!, values[hi]!];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j]!, values[i]!];
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The q-quantile, interpolating linearly between order statistics (R type 7); rearranges the values. */
export function quantileInPlace(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const position = (values.length - 1) * q;
  const below = Math.floor(position);
  selectInPlace(values, below);
  const lower = values[below]!;
  if (below + 1 >= values.length) return lower;
  // After selection everything past `below` is >= lower, so the next order statistic is their minimum.
  let upper = values[below + 1]!;
  for (let i = below + 2; i < values.length; i++) if (values[i]! < upper) upper = values[i]!;
  return lower + (upper - lower) * (position - below);
}

/** Mean, p10 and p90 of the values; rearranges them (callers pass a scratch buffer). */
export function summarizeInPlace(values: Float64Array): ForecastInterval {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return {
    mean: values.length === 0 ? 0 : sum / values.length,
    p10: quantileInPlace(values, 0.1),
    p90: quantileInPlace(values, 0.9),
  };
}
