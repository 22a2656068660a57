/**
 * Upper bounds (ms) of the latency histogram kept in usage rollups; one more
 * bucket holds everything slower. Percentiles from it are estimates within
 * a bucket, interpolated linearly.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000];

/** Index of the bucket a latency falls in. */
export function latencyBucket(latencyMs: number): number {
  const index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BUCKET_BOUNDS_MS.length : index;
}

/** Estimated quantile (0..1) of the latencies counted in `histogram`, or null when empty. */
export function histogramQuantile(histogram: readonly number[], quantile: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BUCKET_BOUNDS_MS[i - 1] ?? 0);
      const upper = LATENCY_BUCKET_BOUNDS_MS[i] ?? lower * 2;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1] ?? null;
}
