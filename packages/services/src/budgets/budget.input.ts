import type Decimal from 'decimal.js';
import type { BudgetScope, Period } from '@tollgate/core';
import type { LimitAction } from '@tollgate/db';

/** A budget as an admin describes it; omitted optional fields take the configured defaults. */
export interface BudgetInput extends Omit<BudgetScope, 'tags'> {
  name: string;
  tags?: ReadonlyArray<{ key: string; value: string }> | null;
  period: Period;
  customStart?: Date | null;
  customEnd?: Date | null;
  currency?: string | null;
  costLimit?: Decimal | null;
  creditLimit?: Decimal | null;
  tokenLimit?: number | null;
  requestLimit?: number | null;
  thresholds?: number[] | null;
  warningPercent?: number | null;
  criticalPercent?: number | null;
  action: LimitAction;
  throttlePerMinute?: number | null;
  autoSuspend?: boolean | null;
}
