import type Decimal from 'decimal.js';
import type { ForecastMethod } from '@tollgate/core';

export type ForecastMeasure = 'COST' | 'CREDITS' | 'TOKENS' | 'REQUESTS';
export type ForecastScopeKind = 'BUDGET' | 'ORGANIZATION' | 'PROJECT' | 'MODEL';

/** What to forecast: exactly one of a budget, the organization, a project or a model. */
export interface ForecastScopeArgs {
  budgetId?: string | null;
  organization?: boolean | null;
  projectId?: string | null;
  model?: string | null;
  /** Narrows `model` to one provider. */
  provider?: string | null;
}

/** An expected figure and its 10th–90th percentile range. */
export interface ForecastFigure {
  mean: Decimal;
  p10: Decimal;
  p90: Decimal;
}

export interface ForecastDay extends ForecastFigure {
  /** Start of the local day. */
  day: Date;
}

export interface ForecastView {
  scope: ForecastScopeKind;
  budgetId: string | null;
  projectId: string | null;
  provider: string | null;
  model: string | null;
  measure: ForecastMeasure;
  /** Currency of a COST forecast. */
  currency: string | null;
  method: ForecastMethod;
  /** Days of history the method was fitted on. */
  historyDays: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** Usage in the period so far. */
  spentToDate: Decimal;
  /** spentToDate plus what the rest of the period is expected to add; null for a period without an end. */
  periodTotal: ForecastFigure | null;
  horizonDays: number;
  horizonEnd: Date;
  /** Usage expected from now to the end of the horizon. */
  horizonTotal: ForecastFigure;
  /** Whole-day forecasts from today on. */
  daily: ForecastDay[];
  limit: Decimal | null;
  /** Probability the limit is exceeded by the end of the period (or of the horizon when the period has no end). */
  probabilityOfExceedingLimit: number | null;
  generatedAt: Date;
}
