import Decimal from 'decimal.js';
import { Dec, ZERO } from '../money';

/** What a budget can limit. */
export interface BudgetLimits {
  cost?: Decimal | null;
  credits?: Decimal | null;
  tokens?: number | null;
  requests?: number | null;
}

/** How much of each measure a budget has used (or reserved). */
export interface UsageMeasure {
  cost: Decimal;
  credits: Decimal;
  tokens: number;
  requests: number;
}

export const EMPTY_MEASURE: UsageMeasure = { cost: ZERO, credits: ZERO, tokens: 0, requests: 0 };

export type BudgetStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'EXCEEDED';
export type ThresholdAlertType = 'THRESHOLD_WARNING' | 'THRESHOLD_CRITICAL' | 'LIMIT_EXCEEDED';

export interface ThresholdLevels {
  warningPercent: number;
  criticalPercent: number;
}

/** Used over limit for the most used measure, in percent (0 when nothing is limited). */
export function utilizationPercent(limits: BudgetLimits, used: UsageMeasure): Decimal {
  const shares: Decimal[] = [];
  const share = (usedValue: Decimal.Value, limit: Decimal.Value | null | undefined) => {
    if (limit == null) return;
    const max = new Dec(limit);
    shares.push(max.isZero() ? (new Dec(usedValue).isZero() ? ZERO : new Dec(Infinity)) : new Dec(usedValue).dividedBy(max).times(100));
  };
  share(used.cost, limits.cost);
  share(used.credits, limits.credits);
  share(used.tokens, limits.tokens);
  share(used.requests, limits.requests);
  return shares.reduce((max, s) => (s.greaterThan(max) ? s : max), ZERO);
}

/** Status at a utilization: EXCEEDED from 100%, then CRITICAL and WARNING from their levels. */
export function statusAt(utilization: Decimal, levels: ThresholdLevels): BudgetStatus {
  if (utilization.greaterThanOrEqualTo(100)) return 'EXCEEDED';
  if (utilization.greaterThanOrEqualTo(levels.criticalPercent)) return 'CRITICAL';
  if (utilization.greaterThanOrEqualTo(levels.warningPercent)) return 'WARNING';
  return 'OK';
}

/** The alert a threshold raises when crossed. */
export function alertTypeFor(thresholdPercent: number, levels: ThresholdLevels): ThresholdAlertType {
  if (thresholdPercent >= 100) return 'LIMIT_EXCEEDED';
  if (thresholdPercent >= levels.criticalPercent) return 'THRESHOLD_CRITICAL';
  return 'THRESHOLD_WARNING';
}

/** Thresholds at or below the utilization: the ones that have fired (or should) this period. */
export const crossedThresholds = (thresholds: readonly number[], utilization: Decimal): number[] =>
  [...thresholds].sort((a, b) => a - b).filter((threshold) => utilization.greaterThanOrEqualTo(threshold));
