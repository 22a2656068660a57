import type { AnomalyOptions } from './types';

/** Options with every default filled in, after validation. */
export interface ResolvedAnomalyOptions {
  threshold: number;
  criticalThreshold: number;
  minExcess: number;
}

/**
 * 4 robust sigmas: on the synthetic benchmark (detection-quality.test.ts) it keeps
 * precision and recall both above 0.9; 3 floods the alert list, 5 misses 3x spikes in noisy series.
 */
export const DEFAULT_ANOMALY_THRESHOLD = 4;
/** Twice the alert threshold: well clear of noise, roughly a doubling or more of a steady series. */
export const DEFAULT_CRITICAL_THRESHOLD = 8;

/** Validates the options and fills in defaults; throws a RangeError naming the bad option. */
export function resolveAnomalyOptions(options: AnomalyOptions = {}): ResolvedAnomalyOptions {
  const threshold = options.threshold ?? DEFAULT_ANOMALY_THRESHOLD;
  const criticalThreshold = options.criticalThreshold ?? Math.max(DEFAULT_CRITICAL_THRESHOLD, threshold);
  const minExcess = options.minExcess ?? 0;
  if (!Number.isFinite(threshold) || threshold <= 0) throw new RangeError(`Anomaly threshold must be a positive number, got ${threshold}`);
  if (!Number.isFinite(criticalThreshold) || criticalThreshold < threshold) {
    throw new RangeError(`Anomaly criticalThreshold must be a number >= threshold (${threshold}), got ${criticalThreshold}`);
  }
  if (!Number.isFinite(minExcess) || minExcess < 0) throw new RangeError(`Anomaly minExcess must be a number >= 0, got ${minExcess}`);
  return { threshold, criticalThreshold, minExcess };
}

// A module-level alias: a global lookup per value is slow inside jest's vm sandbox.
const { isFinite } = Number;

/** Throws a RangeError unless every value is a finite number. */
export function validateSpend(name: string, values: readonly number[]): void {
  const bad = values.findIndex((value) => !isFinite(value));
  if (bad >= 0) throw new RangeError(`Anomaly ${name}[${bad}] must be a finite number, got ${values[bad]}`);
}
