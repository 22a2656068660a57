import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EMPTY_MEASURE,
  periodWindow,
  statusAt,
  utilizationPercent,
  type UsageMeasure,
} from '@tollgate/core';
import type { BudgetRow, BudgetsRepository, OrganizationsRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { TtlCache } from '../cache/ttl-cache';
import type { AppConfig } from '../config/config.schema';
import type { BudgetInput } from './budget.input';
import type { BudgetPeriodFigures, BudgetView } from './budget-view';
import { effectiveWindow, isSuspended } from './budget-windows';
import { validateBudget } from './validate-budget';

const addMeasures = (a: UsageMeasure, b: UsageMeasure): UsageMeasure => ({
  cost: a.cost.plus(b.cost),
  credits: a.credits.plus(b.credits),
  tokens: a.tokens + b.tokens,
  requests: a.requests + b.requests,
});

/** Budgets: their definition, their live figures from PostgreSQL, and the cached list the hot path reads. */
export class BudgetService {
  private readonly live = new TtlCache<string, BudgetRow[]>(5_000);
  private readonly zones = new TtlCache<string, string>(60_000);
  private readonly listeners: Array<(orgId: string) => void> = [];

  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly defaults: AppConfig['budgets'],
  ) {}

  async createBudget(principal: Principal, input: BudgetInput): Promise<BudgetView> {
    requireRole(principal, ROLES.admins, 'create budgets');
    const orgId = orgIdOf(principal);
    const org = await this.orgs.findOrganization(orgId);
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    const budget = this.fromInput(orgId, randomUUID(), input, org.currency);
    await this.assertProject(orgId, budget.projectId);
    validateBudget(budget);
    const created = await this.budgets.insert(budget);
    this.changed(orgId);
    return this.view(created, org.timezone, new Date());
  }

  async updateBudget(principal: Principal, id: string, input: Partial<BudgetInput>): Promise<BudgetView> {
    requireRole(principal, ROLES.admins, 'change budgets');
    const orgId = orgIdOf(principal);
    const current = await this.findOrThrow(orgId, id);
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<BudgetInput>;
    const merged = { ...current, ...this.fromInput(orgId, id, { ...this.toInput(current), ...given }, current.currency) };
    await this.assertProject(orgId, merged.projectId);
    validateBudget(merged);
    const updated = await this.budgets.update(merged);
    if (!updated) throw new DomainError('NOT_FOUND', `Budget ${id} not found`);
    this.changed(orgId);
    return this.view(updated, await this.timezone(orgId), new Date());
  }

  async deleteBudget(principal: Principal, id: string): Promise<boolean> {
    requireRole(principal, ROLES.admins, 'delete budgets');
    const orgId = orgIdOf(principal);
    const deleted = await this.budgets.softDelete(orgId, id);
    if (!deleted) throw new DomainError('NOT_FOUND', `Budget ${id} not found`);
    this.changed(orgId);
    return true;
  }

  /** Starts the count of the current period over from now and lifts a suspension. */
  async resetBudget(principal: Principal, id: string): Promise<BudgetView> {
    requireRole(principal, ROLES.admins, 'reset budgets');
    const orgId = orgIdOf(principal);
    const now = new Date();
    const reset = await this.budgets.reset(orgId, id, now);
    if (!reset) throw new DomainError('NOT_FOUND', `Budget ${id} not found`);
    this.changed(orgId);
    return this.view(reset, await this.timezone(orgId), now);
  }

  async listBudgets(principal: Principal): Promise<BudgetView[]> {
    requireRole(principal, ROLES.readers, 'read budgets');
    const orgId = orgIdOf(principal);
    const [rows, zone] = await Promise.all([this.budgets.listLive(orgId), this.timezone(orgId)]);
    const now = new Date();
    return Promise.all(rows.map((row) => this.view(row, zone, now)));
  }

  async findBudget(principal: Principal, id: string): Promise<BudgetView> {
    requireRole(principal, ROLES.readers, 'read budgets');
    const orgId = orgIdOf(principal);
    return this.view(await this.findOrThrow(orgId, id), await this.timezone(orgId), new Date());
  }

  /** Figures of the `count` periods before the current one, newest first. */
  async pastPeriods(principal: Principal, id: string, count: number): Promise<BudgetPeriodFigures[]> {
    requireRole(principal, ROLES.readers, 'read budgets');
    const orgId = orgIdOf(principal);
    const budget = await this.findOrThrow(orgId, id);
    const zone = await this.timezone(orgId);
    const figures: BudgetPeriodFigures[] = [];
    let window = periodWindow(budget.period, new Date(), zone, budget.customStart && budget.customEnd ? { start: budget.customStart, end: budget.customEnd } : null);
    for (let i = 0; i < Math.min(count, 24) && window && budget.period !== 'TOTAL' && budget.period !== 'CUSTOM'; i++) {
      window = periodWindow(budget.period, new Date(window.start.getTime() - 1), zone);
      if (!window || window.end! <= budget.createdAt) break;
      const spent = await this.budgets.measure(orgId, budget, budget.currency, window.start, window.end);
      const utilization = utilizationPercent(this.limitsOf(budget), spent);
      figures.push({ periodStart: window.start, periodEnd: window.end, spent, utilization, status: statusAt(utilization, budget) });
    }
    return figures;
  }

  /** Live budgets of an org for the hot path: cached for 5 s, cleared at once by this process's own changes. */
  liveBudgets(orgId: string): Promise<BudgetRow[]> {
    return this.live.getOrLoad(orgId, () => this.budgets.listLive(orgId));
  }

  timezone(orgId: string): Promise<string> {
    return this.zones.getOrLoad(orgId, async () => {
      const org = await this.orgs.findOrganization(orgId);
      if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
      return org.timezone;
    });
  }

  /** Forgets cached budgets of an org (after a suspension, for instance). */
  forget(orgId: string): void {
    this.changed(orgId);
  }

  /** Called when this process changes an org's budgets, so caches elsewhere in it (enforcement's) let go too. */
  onChange(listener: (orgId: string) => void): void {
    this.listeners.push(listener);
  }

  private changed(orgId: string): void {
    this.live.delete(orgId);
    for (const listener of this.listeners) listener(orgId);
  }

  limitsOf(budget: BudgetRow) {
    return { cost: budget.costLimit, credits: budget.creditLimit, tokens: budget.tokenLimit, requests: budget.requestLimit };
  }

  async view(budget: BudgetRow, zone: string, now: Date): Promise<BudgetView> {
    const window = effectiveWindow(budget, zone, now);
    const [spent, open] = window
      ? await Promise.all([this.budgets.measure(budget.orgId, budget, budget.currency, window.start, window.end), this.budgets.openReservations(budget.orgId, budget.id, now)])
      : [EMPTY_MEASURE, []];
    const reserved = open.reduce((sum, r) => addMeasures(sum, r.amount), EMPTY_MEASURE);
    const used = addMeasures(spent, reserved);
    const utilization = utilizationPercent(this.limitsOf(budget), used);
    return {
      ...budget,
      periodStart: window?.start ?? null,
      periodEnd: window?.end ?? null,
      spent,
      reserved,
      remaining: {
        cost: budget.costLimit?.minus(used.cost) ?? null,
        credits: budget.creditLimit?.minus(used.credits) ?? null,
        tokens: budget.tokenLimit === null ? null : budget.tokenLimit - used.tokens,
        requests: budget.requestLimit === null ? null : budget.requestLimit - used.requests,
      },
      utilization,
      status: isSuspended(budget, zone, now) ? 'SUSPENDED' : statusAt(utilization, budget),
    };
  }

  private async findOrThrow(orgId: string, id: string): Promise<BudgetRow> {
    const budget = await this.budgets.find(orgId, id);
    if (!budget) throw new DomainError('NOT_FOUND', `Budget ${id} not found`);
    return budget;
  }

  private async assertProject(orgId: string, projectId: string | null): Promise<void> {
    if (projectId && !(await this.orgs.findProjectIds(orgId, [projectId])).has(projectId)) {
      throw new DomainError('NOT_FOUND', `Project ${projectId} not found`, { reason: 'UNKNOWN_PROJECT' });
    }
  }

  private fromInput(orgId: string, id: string, input: BudgetInput, orgCurrency: string): Omit<BudgetRow, 'createdAt' | 'updatedAt' | 'suspendedAt' | 'resetAt'> {
    return {
      orgId,
      id,
      name: input.name,
      projectId: input.projectId ?? null,
      userId: input.userId ?? null,
      provider: input.provider ?? null,
      model: input.model ?? null,
      category: input.category ?? null,
      feature: input.feature ?? null,
      tags: Object.fromEntries((input.tags ?? []).map((t) => [t.key, t.value])),
      period: input.period,
      customStart: input.customStart ?? null,
      customEnd: input.customEnd ?? null,
      currency: input.currency ?? orgCurrency,
      costLimit: input.costLimit ?? null,
      creditLimit: input.creditLimit ?? null,
      tokenLimit: input.tokenLimit ?? null,
      requestLimit: input.requestLimit ?? null,
      thresholds: input.thresholds ?? this.defaults.defaultThresholds,
      warningPercent: input.warningPercent ?? this.defaults.warningPercent,
      criticalPercent: input.criticalPercent ?? this.defaults.criticalPercent,
      action: input.action,
      throttlePerMinute: input.throttlePerMinute ?? null,
      autoSuspend: input.autoSuspend ?? false,
    };
  }

  private toInput(budget: BudgetRow): BudgetInput {
    return { ...budget, tags: Object.entries(budget.tags).map(([key, value]) => ({ key, value })) };
  }
}
