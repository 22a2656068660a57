import type { SyntheticMonth } from './synthetic-series.fixture';

/** E|Z| / sd for a normal Z: the expected absolute error of an unbiased normal error with that sd. */
const MEAN_ABS_PER_SD = Math.sqrt(2 / Math.PI);

/** Variance of the noise on the days from `from` to the end of the series. */
function remainingNoiseVariance(series: SyntheticMonth, from: number): number {
  return series.means.slice(from).reduce((sum, mean) => sum + (series.noise * mean) ** 2, 0);
}

/**
 * Expected absolute error of the month-total projection for an oracle that knows every remaining
 * day's true mean: only the remaining days' noise is left, so E|error| = sqrt(2/pi) * sd(sum of noise).
 */
export function oracleExpectedError(series: SyntheticMonth, cut: number): number {
  return MEAN_ABS_PER_SD * Math.sqrt(remainingNoiseVariance(series, cut));
}

/** Solves the small dense system a x = b by Gauss-Jordan elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const rows = a.map((row, i) => [...row, b[i]!]);
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = rows[r]![col]! / rows[col]![col]!;
      for (let c = col; c <= n; c++) rows[r]![c]! -= factor * rows[col]![c]!;
    }
  }
  return rows.map((row, i) => row[n]! / row[i]!);
}

/**
 * Expected absolute error of the projection by ordinary least squares on the exact generating form
 * (level + linear trend + a dummy per weekday), fitted to the history before `cut`: the remaining
 * noise plus the unavoidable error of estimating those 8 coefficients from noisy history. Computed
 * analytically from the generated parameters: Var(c' b) = sum_t sigma_t^2 (x_t' (X'X)^-1 c)^2.
 */
export function leastSquaresExpectedError(series: SyntheticMonth, cut: number): number {
  const row = (t: number) => [1, t, ...Array.from({ length: 6 }, (_, d) => (t % 7 === d + 1 ? 1 : 0))];
  const k = 8;
  const gram = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 0; t < cut; t++) {
    const x = row(t);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) gram[i]![j]! += x[i]! * x[j]!;
  }
  const future = new Array<number>(k).fill(0);
  for (let t = cut; t < series.means.length; t++) row(t).forEach((x, i) => (future[i]! += x));
  const v = solve(gram, future);
  let estimationVariance = 0;
  for (let t = 0; t < cut; t++) {
    const leverage = row(t).reduce((sum, x, i) => sum + x * v[i]!, 0);
    estimationVariance += (series.noise * series.means[t]!) ** 2 * leverage * leverage;
  }
  return MEAN_ABS_PER_SD * Math.sqrt(remainingNoiseVariance(series, cut) + estimationVariance);
}
