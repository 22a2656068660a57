import type Decimal from 'decimal.js';
import type { EfficiencyReasonCode } from '@tollgate/core';

/** Move short-output traffic one step down its model family. */
export interface ModelSwitchSuggestion {
  provider: string;
  model: string;
  family: string;
  suggestedModel: string;
  currency: string;
  /** Successful short-output requests the estimate is made on. */
  requests: number;
  /** Their share of the model's requests, 0–1. */
  shareOfRequests: number;
  /** What those requests cost. */
  currentCost: Decimal;
  /** What they would have cost at the suggested model's prices. */
  suggestedCost: Decimal;
  estimatedMonthlySavings: Decimal;
  message: string;
}

/** Cache the repeated part of long prompts. */
export interface PromptCacheSuggestion {
  provider: string;
  model: string;
  projectId: string | null;
  feature: string | null;
  currency: string;
  requests: number;
  averagePromptTokens: number;
  /** Cache reads as a share of prompt tokens, 0–1. */
  cacheReadShare: number;
  estimatedMonthlySavings: Decimal;
  message: string;
}

export type ModelFlagKind = 'FAILED_BUT_BILLED' | 'HIGH_LATENCY';

/** A model worth a look: money paid for failures, or slow answers. */
export interface ModelFlag {
  kind: ModelFlagKind;
  provider: string;
  model: string;
  currency: string;
  requests: number;
  failedBilled: number;
  failedCost: Decimal;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  message: string;
}

export interface EfficiencyReasonView {
  code: EfficiencyReasonCode;
  penalty: number;
  message: string;
}

export interface BudgetEfficiency {
  budgetId: string;
  name: string;
  /** 0–100: 100 less the penalties of the reasons. */
  score: number;
  currency: string;
  /** Spend in the budget's scope and currency over the range. */
  cost: Decimal;
  reasons: EfficiencyReasonView[];
}

export interface CostSuggestions {
  from: Date;
  to: Date;
  modelSwitches: ModelSwitchSuggestion[];
  promptCaching: PromptCacheSuggestion[];
  flags: ModelFlag[];
  budgets: BudgetEfficiency[];
}
