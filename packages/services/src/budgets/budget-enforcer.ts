import { fromNanoUnits, scopeMatches, toNanoUnits, type UsageAttributes, type UsageMeasure } from '@tollgate/core';
import type { BudgetCounters, BudgetRow, BudgetsRepository, CounterAmounts, CounterCheck, QuotaAssignmentRow } from '@tollgate/db';
import { quotaAsBudget, type QuotaService } from '../quotas/quota.service';
import type { BudgetService } from './budget.service';
import { cachedPeriodWindow, effectiveWindow } from './budget-windows';

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
    for (const budget of budgets) {
      const window = scopeMatches(budget, usage) ? effectiveWindow(budget, zone, at) : null;
      if (window) found.push({ kind: 'BUDGET', budget, key: this.counters.counterKey(orgId, budget.id, window.start), windowStart: window.start, windowEnd: window.end });
    }
    for (const quota of quotas) {
      if (quota.creditAllowance === null) continue;
      const window = cachedPeriodWindow(quota.period, at, zone);
      const budget = window && quotaAsBudget(quota, await this.quotas.toppedUp(quota, window.start));
      if (window && budget) found.push({ kind: 'QUOTA', budget, key: this.counters.counterKey(orgId, budget.id, window.start), windowStart: window.start, windowEnd: window.end });
    }
    return found;
  }

  /** Quota plans that cover the usage: the org's, and its user's when the usage names one. */
  async applicableQuotas(orgId: string, usage: UsageAttributes): Promise<QuotaAssignmentRow[]> {
    return (await this.quotas.liveQuotas(orgId)).filter((q) => q.subjectType === 'ORG' || (q.subjectType === 'USER' && q.subjectId === usage.userId));
  }

  /**
   * Opens quota periods that began in the last `withinMs`: builds their new
   * counters from PostgreSQL so the first call of a period does not wait for
   * a rebuild. (The count starts over by itself: counters are per period.)
   * Returns how many counters it built.
   */
  async openQuotaPeriods(now: Date, withinMs: number): Promise<number> {
    let opened = 0;
    for (const quota of await this.quotas.allLimitedQuotas()) {
      const zone = await this.budgets.timezone(quota.orgId);
      const window = cachedPeriodWindow(quota.period, now, zone);
      if (!window || now.getTime() - window.start.getTime() > withinMs) continue;
      const budget = quotaAsBudget(quota, await this.quotas.toppedUp(quota, window.start));
      if (!budget) continue;
      const key = this.counters.counterKey(quota.orgId, budget.id, window.start);
      if ((await this.counters.existing([key])).size) continue;
      await this.rebuild(quota.orgId, { kind: 'QUOTA', budget, key, windowStart: window.start, windowEnd: window.end }, now);
      opened++;
    }
    return opened;
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
