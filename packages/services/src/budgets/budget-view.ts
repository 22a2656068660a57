import type Decimal from 'decimal.js';
import type { BudgetStatus, UsageMeasure } from '@tollgate/core';
import type { BudgetRow } from '@tollgate/db';

/** What is left of each limited measure (null where not limited). */
export interface BudgetRemaining {
  cost: Decimal | null;
  credits: Decimal | null;
  tokens: number | null;
  requests: number | null;
}

/** A budget with its live figures for the current period. */
export interface BudgetView extends BudgetRow {
  periodStart: Date | null;
  periodEnd: Date | null;
  spent: UsageMeasure;
  reserved: UsageMeasure;
  remaining: BudgetRemaining;
  /** Percent of the most used limited measure, spent and reserved together. */
  utilization: Decimal;
  status: BudgetStatus | 'SUSPENDED';
}

export interface BudgetPeriodFigures {
  periodStart: Date;
  periodEnd: Date | null;
  spent: UsageMeasure;
  utilization: Decimal;
  status: BudgetStatus;
}
