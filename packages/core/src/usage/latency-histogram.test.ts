import { histogramQuantile, LATENCY_BUCKET_BOUNDS_MS, latencyBucket } from './latency-histogram';

const histogramOf = (latencies: number[]) => {
  const histogram = new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
  for (const latency of latencies) histogram[latencyBucket(latency)]! += 1;
  return histogram;
};

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound it does not exceed', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(10)).toBe(0);
    expect(latencyBucket(11)).toBe(1);
    expect(latencyBucket(10_000_000)).toBe(LATENCY_BUCKET_BOUNDS_MS.length);
  });

  it('estimates a quantile inside the bucket that holds it', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => (i < 90 ? 40 : 400));
    const p95 = histogramQuantile(histogramOf(latencies), 0.95)!;
    expect(p95).toBeGreaterThan(250);
    expect(p95).toBeLessThanOrEqual(500);
    expect(histogramQuantile(histogramOf(latencies), 0.5)).toBeGreaterThan(25);
    expect(histogramQuantile(histogramOf(latencies), 0.5)).toBeLessThanOrEqual(50);
  });

  it('is null for no latencies', () => {
    expect(histogramQuantile(histogramOf([]), 0.95)).toBeNull();
  });
});
