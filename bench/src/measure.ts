/** Latency percentiles in ms from samples in ms. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `worker` on `clients` concurrent loops until `total` calls are done; returns per-call latencies and the wall time. */
export async function runConcurrent(clients: number, total: number, call: (i: number) => Promise<void>): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = now();
        await call(i);
        latencies.push(now() - t);
      }
    }),
  );
  return { latencies, elapsedMs: now() - started };
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
