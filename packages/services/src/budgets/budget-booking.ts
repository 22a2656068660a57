import { EMPTY_MEASURE, statusAt, utilizationPercent, type UsageMeasure } from '@tollgate/core';
import type { BudgetsRepository, UsageEventRow } from '@tollgate/db';
import type { EntityManager } from 'typeorm';
import type { AlertService } from '../alerts/alert.service';
import type { Logger } from '../logging/logger';
import type { ApplicableBudget, BudgetEnforcer } from './budget-enforcer';
import type { BudgetService } from './budget.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const reservationIdsOf = (rows: readonly UsageEventRow[]) => [...new Set(rows.flatMap((r) => (r.reservationId && UUID.test(r.reservationId) ? [r.reservationId] : [])))];

/**
 * Books recorded usage into budgets: settles the reservations it carries (in
 * the same transaction as the events), adds the actual amounts to the Redis
 * counters after commit, raises the thresholds it crosses, and suspends
 * auto-suspending budgets once exceeded. Usage recorded without
 * authorization counts the same way.
 */
export class BudgetBooking {
  constructor(
    private readonly budgets: BudgetService,
    private readonly enforcer: BudgetEnforcer,
    private readonly repository: BudgetsRepository,
    private readonly alerts: AlertService,
    private readonly logger: Logger,
  ) {}

  settleInTransaction(tx: EntityManager, orgId: string, rows: readonly UsageEventRow[]): Promise<string[]> {
    return this.repository.settleReservations(tx, orgId, reservationIdsOf(rows));
  }

  /** After commit; a failure here is logged, not thrown: the usage is recorded and counters rebuild from it. */
  async bookAfterCommit(orgId: string, rows: readonly UsageEventRow[]): Promise<void> {
    try {
      await this.book(orgId, rows);
    } catch (error) {
      this.logger.error({ err: error, orgId, events: rows.length }, 'could not book usage into budget counters');
    }
  }

  private async book(orgId: string, rows: readonly UsageEventRow[]): Promise<void> {
    const touched = new Map<string, { applicable: ApplicableBudget; amounts: UsageMeasure }>();
    for (const row of rows) {
      for (const applicable of await this.enforcer.applicable(orgId, row, row.occurredAt)) {
        const amounts = touched.get(applicable.key)?.amounts ?? EMPTY_MEASURE;
        touched.set(applicable.key, {
          applicable,
          amounts: {
            cost: row.currency === applicable.budget.currency ? amounts.cost.plus(row.cost) : amounts.cost,
            credits: amounts.credits.plus(row.credits),
            tokens: amounts.tokens + row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.embeddingTokens,
            requests: amounts.requests + 1,
          },
        });
      }
    }
    // A counter Redis does not hold yet is built from PostgreSQL, which already has these events;
    // booking them into it as well would count them twice.
    const existing = await this.enforcer.counters.existing([...touched.keys()]);
    const bookings = [...touched.values()]
      .filter(({ applicable }) => existing.has(applicable.key))
      .map(({ applicable, amounts }) => ({ key: applicable.key, amounts: this.enforcer.toCounterAmounts(amounts) }));
    await this.enforcer.counters.settle(orgId, reservationIdsOf(rows), bookings);
    const now = new Date();
    for (const { applicable } of touched.values()) {
      if (!existing.has(applicable.key)) await this.enforcer.rebuild(orgId, applicable, now);
      await this.evaluate(orgId, applicable);
    }
  }

  private async evaluate(orgId: string, applicable: ApplicableBudget): Promise<void> {
    const spent = await this.enforcer.counters.spent(applicable.key);
    if (!spent) return;
    const { budget } = applicable;
    const used: UsageMeasure = {
      cost: this.enforcer.fromNano(spent.cost),
      credits: this.enforcer.fromNano(spent.credits),
      tokens: Number(spent.tokens),
      requests: Number(spent.requests),
    };
    const utilization = utilizationPercent({ ...this.budgets.limitsOf(budget), cost: budget.costLimit ?? null }, used);
    await this.alerts.raiseThresholds(budget, applicable.windowStart, utilization);
    if (budget.autoSuspend && statusAt(utilization, budget) === 'EXCEEDED' && (await this.repository.suspend(orgId, budget.id, new Date()))) {
      this.budgets.forget(orgId);
    }
  }
}
