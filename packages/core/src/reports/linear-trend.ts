/** A least-squares line through equally spaced values: value ≈ intercept + slope × index. */
export interface LinearTrend {
  slope: number;
  intercept: number;
  /** slope as a percentage of the mean value (null when the mean is 0). */
  slopePercentOfMean: number | null;
}

/** Ordinary least squares over indices 0..n-1; a flat line for fewer than two values. */
export function linearTrend(values: readonly number[]): LinearTrend {
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { slope: 0, intercept: mean, slopePercentOfMean: mean === 0 ? null : 0 };
  const meanIndex = (n - 1) / 2;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, i) => {
    covariance += (i - meanIndex) * (value - mean);
    variance += (i - meanIndex) ** 2;
  });
  const slope = covariance / variance;
  return { slope, intercept: mean - slope * meanIndex, slopePercentOfMean: mean === 0 ? null : (slope / mean) * 100 };
}
