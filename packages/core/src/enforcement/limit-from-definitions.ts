import type Decimal from 'decimal.js';
import type { BudgetScope } from '../budgets/budget-scope';
import type { PeriodWindow } from '../periods/period';
import { counterModeOf, type EnforcedLimit, type LimitAction } from './enforced-limit';

/** The fields of a budget that shape its limit. */
export interface BudgetDefinition extends BudgetScope {
  orgId: string;
  id: string;
  name: string;
  currency: string;
  costLimit: Decimal | null;
  creditLimit: Decimal | null;
  tokenLimit: number | null;
  requestLimit: number | null;
  action: LimitAction;
  warningPercent: number;
  throttlePerMinute: number | null;
  updatedAt: Date;
}

/** The fields of a quota assignment that shape its limit. */
export interface QuotaDefinition {
  orgId: string;
  id: string;
  tier: string;
  subjectType: 'ORG' | 'USER';
  subjectId: string;
  creditAllowance: Decimal | null;
  assignedAt: Date;
}

/** A budget's limit in the window it counts in. */
export function limitFromBudget(budget: BudgetDefinition, window: PeriodWindow): EnforcedLimit {
  return {
    kind: 'BUDGET',
    orgId: budget.orgId,
    id: budget.id,
    name: budget.name,
    scope: {
      projectId: budget.projectId ?? null,
      userId: budget.userId ?? null,
      provider: budget.provider ?? null,
      model: budget.model ?? null,
      category: budget.category ?? null,
      feature: budget.feature ?? null,
      tags: budget.tags ?? null,
    },
    window,
    currency: budget.currency,
    caps: { cost: budget.costLimit, credits: budget.creditLimit, tokens: budget.tokenLimit, requests: budget.requestLimit },
    mode: counterModeOf(budget.action),
    warningPercent: budget.warningPercent,
    throttlePerMinute: budget.throttlePerMinute,
    version: budget.updatedAt.getTime(),
  };
}

/**
 * A quota's credit allowance (plus credits bought this period) as a BLOCK
 * limit on its subject's usage; null when the quota is unlimited.
 */
export function limitFromQuota(quota: QuotaDefinition, toppedUp: Decimal, window: PeriodWindow): EnforcedLimit | null {
  if (quota.creditAllowance === null) return null;
  return {
    kind: 'QUOTA',
    orgId: quota.orgId,
    id: quota.id,
    name: `${quota.tier} quota of ${quota.subjectType === 'ORG' ? 'the organization' : `user ${quota.subjectId}`}`,
    scope: { userId: quota.subjectType === 'USER' ? quota.subjectId : null },
    window,
    currency: 'USD',
    caps: { cost: null, credits: quota.creditAllowance.plus(toppedUp), tokens: null, requests: null },
    mode: 'BLOCK',
    warningPercent: 80,
    throttlePerMinute: null,
    version: quota.assignedAt.getTime(),
  };
}
