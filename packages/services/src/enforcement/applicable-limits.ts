import { limitFromBudget, limitFromQuota, scopeMatches, type EnforcedLimit, type UsageAttributes } from '@tollgate/core';
import type { BudgetRow, BudgetsRepository, EnforcementRepository, LimitCounters, QuotaAssignmentRow, QuotasRepository } from '@tollgate/db';
import type { BudgetService } from '../budgets/budget.service';
import { cachedPeriodWindow, effectiveWindow } from '../budgets/budget-windows';
import { TtlCache } from '../cache/ttl-cache';
import type { QuotaService } from '../quotas/quota.service';

/** A limit that applies, with the Redis counter it is enforced on. */
export interface AppliedLimit {
  limit: EnforcedLimit;
  key: string;
  /** The budget behind a BUDGET limit (thresholds, suspension); null for a quota. */
  budget: BudgetRow | null;
}

/** An org's limits as one process knows them, and the version they were read at. */
export interface OrgLimits {
  version: string;
  budgets: BudgetRow[];
  quotas: QuotaAssignmentRow[];
}

/**
 * Which limits a call or an event falls under: the org's live budgets whose
 * scope covers it and its quota allowances (the org's, and its user's), each
 * in the window containing `at`, with its counter key. An org's limits are
 * cached for seconds with the version they were read at; reservations and
 * usage transactions check that version, so a stale copy is found out and
 * reloaded rather than trusted.
 */
export class ApplicableLimits {
  private readonly cache = new TtlCache<string, OrgLimits>(5_000);
  /** Limits built from a snapshot, valid for instants in [from, until). */
  private readonly built = new WeakMap<OrgLimits, { from: number; until: number; applied: AppliedLimit[] }>();

  constructor(
    private readonly repository: EnforcementRepository,
    private readonly budgetRows: BudgetsRepository,
    private readonly quotaRows: QuotasRepository,
    private readonly budgets: BudgetService,
    private readonly quotas: QuotaService,
    readonly counters: LimitCounters,
  ) {
    budgets.onChange((orgId) => this.forget(orgId));
    quotas.onChange((orgId) => this.forget(orgId));
  }

  /** The org's limits; the version is read first, so it is never newer than the rows. */
  load(orgId: string): Promise<OrgLimits> {
    return this.cache.getOrLoad(orgId, async () => {
      const version = await this.repository.limitVersion(orgId);
      const [budgets, quotas] = await Promise.all([this.budgetRows.listLive(orgId), this.quotaRows.listForOrg(orgId)]);
      return { version, budgets, quotas };
    });
  }

  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  /** Limits covering the usage at `at`. */
  async covering(orgId: string, usage: UsageAttributes, at: Date, known?: OrgLimits): Promise<AppliedLimit[]> {
    return (await this.ofOrg(orgId, at, known)).filter(({ limit }) => scopeMatches(limit.scope, usage));
  }

  /**
   * Every limit of an org in the window containing `at`, whatever it covers.
   * Remembered with the org's limits while every window still holds `at`:
   * the hot path builds them once per window, not once per call.
   */
  async ofOrg(orgId: string, at: Date, known?: OrgLimits): Promise<AppliedLimit[]> {
    const limits = known ?? (await this.load(orgId));
    const cached = this.built.get(limits);
    if (cached && cached.from <= at.getTime() && at.getTime() < cached.until) return cached.applied;
    const { applied, complete } = await this.build(orgId, at, limits);
    // A budget outside its window (a CUSTOM period not begun or over, a reset to come) could enter it: not remembered.
    if (complete) {
      const from = Math.max(-Infinity, ...applied.map(({ limit }) => limit.window.start.getTime()));
      const until = Math.min(Infinity, ...applied.map(({ limit }) => limit.window.end?.getTime() ?? Infinity));
      this.built.set(limits, { from, until, applied });
    }
    return applied;
  }

  private async build(orgId: string, at: Date, { budgets, quotas }: OrgLimits): Promise<{ applied: AppliedLimit[]; complete: boolean }> {
    const zone = await this.budgets.timezone(orgId);
    const found: AppliedLimit[] = [];
    let complete = true;
    for (const budget of budgets) {
      const window = effectiveWindow(budget, zone, at);
      if (window) found.push(this.applied(limitFromBudget(budget, window), budget));
      complete &&= window !== null && !(budget.resetAt && budget.resetAt > at);
    }
    for (const quota of quotas) {
      const window = quota.creditAllowance === null ? null : cachedPeriodWindow(quota.period, at, zone);
      const limit = window && limitFromQuota(quota, await this.quotas.toppedUp(quota, window.start), window);
      if (limit) found.push(this.applied(limit, null));
    }
    return { applied: found, complete };
  }

  /** Quota plans with per-minute rates that cover the usage. */
  rated({ quotas }: OrgLimits, usage: UsageAttributes): QuotaAssignmentRow[] {
    return quotas.filter(
      (q) => (q.subjectType === 'ORG' || (q.subjectType === 'USER' && q.subjectId === usage.userId)) && (q.requestsPerMinute !== null || q.tokensPerMinute !== null),
    );
  }

  private applied(limit: EnforcedLimit, budget: BudgetRow | null): AppliedLimit {
    return { limit, key: this.counters.counterKey(limit.orgId, limit.id, limit.version, limit.window.start), budget };
  }
}
