/** How an hour was judged: it depends on how much history there is. */
export type AnomalyMethod = 'WEEKLY_PROFILE' | 'DAILY_PROFILE' | 'INSUFFICIENT_HISTORY';

/** How loud an anomaly is. */
export type AnomalySeverity = 'WARNING' | 'CRITICAL';

/** Sensitivity of the scorer; every field has a default. */
export interface AnomalyOptions {
  /** Robust z-score at or above which an hour is anomalous (default 4). */
  threshold?: number;
  /** Score at or above which it is CRITICAL rather than WARNING (default 8). */
  criticalThreshold?: number;
  /** Smallest excess (actual - expected, in money units) worth an alert: keeps tiny series quiet (default 0). */
  minExcess?: number;
}

/** The verdict on one hour of spend. */
export interface HourScore {
  method: AnomalyMethod;
  /** The spend expected for this hour (>= 0). */
  expected: number;
  /** The spend observed (as given). */
  actual: number;
  /** Robust z-score of the hour against its expectation (0 when not computable). */
  score: number;
  isAnomaly: boolean;
  /** Null when not an anomaly. */
  severity: AnomalySeverity | null;
}
