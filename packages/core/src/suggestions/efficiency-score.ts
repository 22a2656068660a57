import type Decimal from 'decimal.js';

export type EfficiencyReasonCode = 'FAILED_BUT_BILLED' | 'CHEAPER_MODELS' | 'PROMPT_CACHING' | 'FORECAST_OVERRUN';

export interface EfficiencyInputs {
  /** Spend in the scope over the period looked at. */
  cost: Decimal;
  /** Of which spent on requests that failed. */
  failedCost: Decimal;
  /** What moving short-output traffic one step down its family would have saved. */
  switchSavings: Decimal;
  /** What caching repeated long prompts would have saved. */
  cacheSavings: Decimal;
  /** Probability the budget's period ends over its limit, when it has one. */
  overrunProbability: number | null;
}

export interface EfficiencyReason {
  code: EfficiencyReasonCode;
  /** Points taken off 100. */
  penalty: number;
  /** The share of spend (or the probability) the penalty is made from, 0–1. */
  share: number;
}

/** The most a single reason can take off, so one problem does not hide the others. */
export const EFFICIENCY_CAPS: Record<EfficiencyReasonCode, number> = { FAILED_BUT_BILLED: 25, CHEAPER_MODELS: 30, PROMPT_CACHING: 20, FORECAST_OVERRUN: 25 };

/** Points per percent of spend: money paid for failures weighs more than money a cheaper model might save. */
const WEIGHT: Record<EfficiencyReasonCode, number> = { FAILED_BUT_BILLED: 2.5, CHEAPER_MODELS: 1, PROMPT_CACHING: 1, FORECAST_OVERRUN: 0.25 };

/**
 * A 0–100 score of how well a budget's money is spent: 100 less capped
 * penalties for spend wasted on failures, avoidable by a cheaper model of the
 * same family or by prompt caching, and for the chance of overrunning.
 */
export function efficiencyScore(inputs: EfficiencyInputs): { score: number; reasons: EfficiencyReason[] } {
  const share = (part: Decimal) => (inputs.cost.isZero() ? 0 : Math.min(1, part.div(inputs.cost).toNumber()));
  const shares: Array<[EfficiencyReasonCode, number]> = [
    ['FAILED_BUT_BILLED', share(inputs.failedCost)],
    ['CHEAPER_MODELS', share(inputs.switchSavings)],
    ['PROMPT_CACHING', share(inputs.cacheSavings)],
    ['FORECAST_OVERRUN', inputs.overrunProbability ?? 0],
  ];
  const reasons = shares
    .map(([code, value]) => ({ code, share: value, penalty: Math.min(EFFICIENCY_CAPS[code], Math.round(value * 100 * WEIGHT[code])) }))
    .filter((reason) => reason.penalty > 0)
    .sort((a, b) => b.penalty - a.penalty);
  return { score: Math.max(0, 100 - reasons.reduce((sum, reason) => sum + reason.penalty, 0)), reasons };
}
