/** Makes the MAD a consistent estimate of the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Rearranges a[0..n) so that a[k] holds the value it would have if sorted, with
 * nothing larger before it (Hoare quickselect: O(n) on average, no full sort).
 */
function selectInPlace(a: Float64Array, k: number, n: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** Median of the first n values of a scratch buffer, which it reorders (NaN when n is 0). */
export function medianInPlace(a: Float64Array, n: number = a.length): number {
  if (n === 0) return Number.NaN;
  const upper = selectInPlace(a, n >> 1, n);
  if (n % 2 === 1) return upper;
  // Everything before the upper middle is <= it, so the lower middle is their maximum.
  let lower = a[0]!;
  for (let i = 1; i < n >> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Median of the values (NaN when there are none); the input is left untouched. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/** Median absolute deviation from `center` (by default the median); NaN when there are no values. */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center?: number): number {
  const buffer = Float64Array.from(values);
  return medianAbsoluteDeviationInPlace(buffer, center ?? medianInPlace(buffer));
}

/** The same on a scratch buffer, which it overwrites. */
export function medianAbsoluteDeviationInPlace(buffer: Float64Array, center: number): number {
  for (let i = 0; i < buffer.length; i++) {
    const deviation = buffer[i]! - center;
    buffer[i] = deviation < 0 ? -deviation : deviation;
  }
  return medianInPlace(buffer);
}
