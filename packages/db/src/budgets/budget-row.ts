import type Decimal from 'decimal.js';
import type { BudgetScope, LimitAction, Period } from '@tollgate/core';

export type { LimitAction };

/** A budget as stored. */
export interface BudgetRow extends Required<Omit<BudgetScope, 'tags'>> {
  orgId: string;
  id: string;
  name: string;
  tags: Record<string, string>;
  period: Period;
  customStart: Date | null;
  customEnd: Date | null;
  currency: string;
  costLimit: Decimal | null;
  creditLimit: Decimal | null;
  tokenLimit: number | null;
  requestLimit: number | null;
  thresholds: number[];
  warningPercent: number;
  criticalPercent: number;
  action: LimitAction;
  throttlePerMinute: number | null;
  autoSuspend: boolean;
  suspendedAt: Date | null;
  resetAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
