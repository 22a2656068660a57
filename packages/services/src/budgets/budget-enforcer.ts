import { fromNanoUnits, scopeMatches, toNanoUnits, type UsageAttributes, type UsageMeasure } from '@tollgate/core';
import type { BudgetCounters, BudgetRow, BudgetsRepository, CounterAmounts, CounterCheck, QuotaAssignmentRow } from '@tollgate/db';
import { quotaAsBudget, type QuotaService } from '../quotas/quota.service';
import type { BudgetService } from './budget.service';
import { effectiveWindow } from './budget-windows';

const nano = (m: UsageMeasure): CounterAmounts => ({
  cost: toNanoUnits(m.cost),
  credits: toNanoUnits(m.credits),
  tokens: String(m.tokens),
  requests: String(m.requests),
});

const DAY_MS = 86_400_000;

/** One budget that applies, with the counter it is enforced on. */
export interface ApplicableBudget {
  /** QUOTA: a quota plan's credit allowance, enforced the same way but denied as QUOTA_EXCEEDED. */
  kind: 'BUDGET' | 'QUOTA';
  budget: BudgetRow;
  key: string;
  windowStart: Date;
  windowEnd: Date | null;
}

/**
 * The bridge between budgets and their Redis counters: which budgets apply to
 * a usage, their counter keys for the period, and rebuilding a counter from
 * PostgreSQL when Redis does not have it.
 */
export class BudgetEnforcer {
  constructor(
    private readonly budgets: BudgetService,
    private readonly repository: BudgetsRepository,
    readonly counters: BudgetCounters,
    private readonly quotas: QuotaService,
  ) {}

  /** Live budgets and quota allowances whose scope covers the usage, with the counter of the period containing `at`. */
  async applicable(orgId: string, usage: UsageAttributes, at: Date): Promise<ApplicableBudget[]> {
    const [budgets, quotas, zone] = await Promise.all([this.budgets.liveBudgets(orgId), this.applicableQuotas(orgId, usage), this.budgets.timezone(orgId)]);
    const found: ApplicableBudget[] = [];
    const candidates = [
      ...budgets.map((budget) => ({ kind: 'BUDGET' as const, budget })),
      ...quotas.flatMap((quota) => {
        const budget = quotaAsBudget(quota);
        return budget ? [{ kind: 'QUOTA' as const, budget }] : [];
      }),
    ];
    for (const { kind, budget } of candidates) {
      if (!scopeMatches(budget, usage)) continue;
      const window = effectiveWindow(budget, zone, at);
      if (window) found.push({ kind, budget, key: this.counters.counterKey(orgId, budget.id, window.start), windowStart: window.start, windowEnd: window.end });
    }
    return found;
  }

  /** Quota plans that cover the usage: the org's, and its user's when the usage names one. */
  async applicableQuotas(orgId: string, usage: UsageAttributes): Promise<QuotaAssignmentRow[]> {
    return (await this.quotas.liveQuotas(orgId)).filter((q) => q.subjectType === 'ORG' || (q.subjectType === 'USER' && q.subjectId === usage.userId));
  }

  /** The Redis check for a budget: how it enforces and its limits in counter units. */
  check({ budget, key }: ApplicableBudget, costCurrency: string): CounterCheck {
    const mode = budget.action === 'BLOCK' ? 'BLOCK' : budget.action === 'THROTTLE' ? 'THROTTLE' : 'PASS';
    return {
      key,
      mode,
      limits: {
        // Cost counts in the budget's currency only; other currencies wait for FX conversion.
        cost: budget.costLimit && budget.currency === costCurrency ? toNanoUnits(budget.costLimit) : null,
        credits: budget.creditLimit ? toNanoUnits(budget.creditLimit) : null,
        tokens: budget.tokenLimit === null ? null : String(budget.tokenLimit),
        requests: budget.requestLimit === null ? null : String(budget.requestLimit),
      },
      warningPercent: budget.warningPercent,
      throttlePerMinute: budget.throttlePerMinute,
    };
  }

  /** Builds a missing counter from events and open reservations in PostgreSQL. */
  async rebuild(orgId: string, applicable: ApplicableBudget, at: Date): Promise<void> {
    const { budget, key, windowEnd } = applicable;
    const zone = await this.budgets.timezone(orgId);
    const window = effectiveWindow(budget, zone, at);
    if (!window) return;
    const [spent, open] = await Promise.all([
      this.repository.measure(orgId, budget, budget.currency, window.start, window.end),
      this.repository.openReservations(orgId, budget.id, at),
    ]);
    const ttl = windowEnd ? windowEnd.getTime() - at.getTime() + DAY_MS : 400 * DAY_MS;
    await this.counters.rebuild(orgId, key, ttl, nano(spent), open.map((r) => ({ id: r.id, expiresAt: r.expiresAt, amounts: nano(r.amount) })));
  }

  toCounterAmounts = nano;
  fromNano = fromNanoUnits;
}
