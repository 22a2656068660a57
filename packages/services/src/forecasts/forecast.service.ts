import { addLocalDays, badInput, DomainError, ZERO, forecastDaily, localDayShares, localDaysUntil, localDayStart, periodWindow, type BudgetScope, type ForecastInterval } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { BudgetRow, DailyUsageRepository, OrganizationsRepository } from '@tollgate/db';
import type { AlertService } from '../alerts/alert.service';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { BudgetService } from '../budgets/budget.service';
import type { BudgetView } from '../budgets/budget-view';
import type { AppConfig } from '../config/config.schema';
import { budgetMeasure, measureOf, roundEstimate } from './forecast-measure';
import type { ForecastFigure, ForecastMeasure, ForecastScopeArgs, ForecastScopeKind, ForecastView } from './forecast-view';

const MAX_HORIZON_DAYS = 366;

interface Subject {
  orgId: string;
  zone: string;
  kind: ForecastScopeKind;
  scope: BudgetScope;
  budgetId: string | null;
  measure: ForecastMeasure;
  currency: string;
  period: { start: Date; end: Date | null } | null;
  /** Known already (a budget's own figure); otherwise summed from the daily history. */
  spentToDate: Decimal | null;
  limit: Decimal | null;
}

/**
 * Forecasts of spend: daily totals of a scope (a budget, the org, a project,
 * a model) fitted with a damped-trend Holt-Winters model with weekly
 * seasonality, or a run-rate while history is short; the rest of the period
 * and the horizon are weighed by the share of each local day they cover.
 * Also raises FORECAST_OVERRUN when a budget's projected period crosses its limit.
 */
export class ForecastService {
  constructor(
    private readonly daily: DailyUsageRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly budgets: BudgetService,
    private readonly alerts: AlertService,
    private readonly settings: AppConfig['insights']['forecasts'],
  ) {}

  async forecast(principal: Principal, args: ForecastScopeArgs, horizonDays: number): Promise<ForecastView> {
    requireRole(principal, ROLES.readers, 'read forecasts');
    const orgId = orgIdOf(principal);
    this.assertHorizon(horizonDays);
    const chosen = [args.budgetId, args.organization || null, args.projectId, args.model].filter((value) => value != null && value !== '');
    if (chosen.length !== 1) throw badInput('Give exactly one of budgetId, organization, projectId or model', 'INVALID_FORECAST_SCOPE', { field: 'scope' });
    if (args.provider && !args.model) throw badInput('provider narrows a model scope; give model too', 'INVALID_FORECAST_SCOPE', { field: 'scope.provider' });
    if (args.budgetId) return this.forBudget(await this.budgets.findBudget(principal, args.budgetId), horizonDays);

    const org = await this.orgs.findOrganization(orgId);
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    const now = new Date();
    const month = periodWindow('MONTHLY', now, org.timezone);
    const kind: ForecastScopeKind = args.projectId ? 'PROJECT' : args.model ? 'MODEL' : 'ORGANIZATION';
    const scope: BudgetScope = { projectId: args.projectId ?? null, model: args.model ?? null, provider: args.provider ?? null };
    return this.project(
      { orgId, zone: org.timezone, kind, scope, budgetId: null, measure: 'COST', currency: org.currency, period: month && { start: month.start, end: month.end }, spentToDate: null, limit: null },
      horizonDays,
      now,
    );
  }

  /** A budget's forecast, or null for an hourly budget: a daily model says nothing about a fraction of one day. */
  budgetForecast(view: BudgetView, horizonDays: number, now = new Date()): Promise<ForecastView | null> {
    return view.period === 'HOURLY' ? Promise.resolve(null) : this.forBudget(view, horizonDays, now);
  }

  /** The forecast of a budget as just viewed (its period and spend as the view has them). */
  async forBudget(view: BudgetView, horizonDays: number, now = new Date()): Promise<ForecastView> {
    this.assertHorizon(horizonDays);
    const target = budgetMeasure(view);
    if (!target) throw new DomainError('CONFLICT', `Budget ${view.id} has no limit to forecast`);
    return this.project(
      {
        orgId: view.orgId,
        zone: await this.budgets.timezone(view.orgId),
        kind: 'BUDGET',
        scope: view,
        budgetId: view.id,
        measure: target.measure,
        currency: view.currency,
        period: view.periodStart ? { start: view.periodStart, end: view.periodEnd } : null,
        spentToDate: measureOf(view.spent, target.measure),
        limit: target.limit,
      },
      horizonDays,
      now,
    );
  }

  /** Where the usage of a range still running ends: `spentToDate` (its usage so far) plus the forecast of the rest. */
  forRange(orgId: string, zone: string, scope: BudgetScope, currency: string, range: { start: Date; end: Date }, spentToDate: Decimal, now = new Date()): Promise<ForecastView> {
    return this.project({ orgId, zone, kind: 'ORGANIZATION', scope, budgetId: null, measure: 'COST', currency, period: range, spentToDate, limit: null }, 1, now);
  }

  /**
   * FORECAST_OVERRUN for each live budget of the org whose projected period
   * total crosses its limit before its usage does: once per budget period.
   */
  async checkBudgets(orgId: string, now = new Date()): Promise<number> {
    const zone = await this.budgets.timezone(orgId);
    let raised = 0;
    for (const budget of await this.budgets.liveBudgets(orgId)) {
      // A period without an end (TOTAL) has nothing to overrun by.
      if (budget.period === 'TOTAL') continue;
      const view = await this.budgets.view(budget, zone, now);
      if (view.status === 'SUSPENDED' || view.utilization.gte(100) || !view.periodStart || !view.periodEnd) continue;
      const forecast = await this.budgetForecast(view, 1, now);
      if (forecast?.periodTotal && forecast.limit && forecast.periodTotal.mean.gt(forecast.limit)) {
        if (await this.raiseOverrun(budget, view.periodStart, forecast)) raised++;
      }
    }
    return raised;
  }

  private async raiseOverrun(budget: BudgetRow, periodStart: Date, forecast: ForecastView): Promise<boolean> {
    const total = forecast.periodTotal!;
    const unit = forecast.measure === 'COST' ? ` ${forecast.currency}` : ` ${forecast.measure.toLowerCase()}`;
    const probability = Math.round((forecast.probabilityOfExceedingLimit ?? 0) * 100);
    const message =
      `Budget "${budget.name}" is projected to reach ${total.mean.toFixed()}${unit} by the end of its period (${forecast.periodEnd!.toISOString()}), ` +
      `over its limit of ${forecast.limit!.toFixed()}${unit} (${probability}% likely; ${forecast.method})`;
    const alert = await this.alerts.raiseForecastOverrun(budget, periodStart, total.p10.gt(forecast.limit!) ? 'CRITICAL' : 'WARNING', message, {
      measure: forecast.measure,
      currency: forecast.currency,
      spentToDate: forecast.spentToDate.toFixed(),
      projected: total.mean.toFixed(),
      p10: total.p10.toFixed(),
      p90: total.p90.toFixed(),
      limit: forecast.limit!.toFixed(),
      probability: forecast.probabilityOfExceedingLimit,
      method: forecast.method,
      periodEnd: forecast.periodEnd!.toISOString(),
    });
    return alert !== null;
  }

  private assertHorizon(horizonDays: number): void {
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
      throw badInput(`horizonDays must be a whole number from 1 to ${MAX_HORIZON_DAYS}`, 'INVALID_HORIZON', { field: 'horizonDays' });
    }
  }

  private async project(subject: Subject, horizonDays: number, now: Date): Promise<ForecastView> {
    const { zone, measure, currency, period } = subject;
    const today = localDayStart(now, zone);
    const historyFrom = addLocalDays(today, -this.settings.historyDays, zone);
    const rows = await this.daily.daily(subject.orgId, subject.scope, currency, historyFrom, now, zone);
    const byDay = new Map(rows.map((row) => [row.day.getTime(), measureOf(row, measure)]));
    const history: number[] = [];
    for (let day = historyFrom; day < today; day = addLocalDays(day, 1, zone)) history.push(Number(byDay.get(day.getTime()) ?? 0));
    const firstUsed = history.findIndex((value) => value !== 0);
    const fitted = firstUsed < 0 ? [] : history.slice(firstUsed);

    const horizonEnd = addLocalDays(today, horizonDays, zone);
    const periodDays = period?.end ? localDaysUntil(now, period.end, zone) : 0;
    const days = Math.min(Math.max(horizonDays, periodDays, 1), 400);
    const result = forecastDaily(fitted, { horizon: days });
    const periodShares = period?.end ? localDayShares(now, period.end, zone, days) : null;
    const horizonShares = localDayShares(now, horizonEnd, zone, days);

    const spentToDate =
      subject.spentToDate ??
      rows.filter((row) => period && row.day >= localDayStart(period.start, zone)).reduce((sum, row) => sum.plus(measureOf(row, measure)), ZERO);
    const figure = (interval: ForecastInterval, base = 0): ForecastFigure => ({
      mean: roundEstimate(interval.mean + base, measure, currency),
      p10: roundEstimate(interval.p10 + base, measure, currency),
      p90: roundEstimate(interval.p90 + base, measure, currency),
    });
    const spent = Number(spentToDate);
    const exceedShares = periodShares ?? horizonShares;
    return {
      scope: subject.kind,
      budgetId: subject.budgetId,
      projectId: subject.scope.projectId ?? null,
      provider: subject.kind === 'BUDGET' ? null : (subject.scope.provider ?? null),
      model: subject.kind === 'BUDGET' ? null : (subject.scope.model ?? null),
      measure,
      currency: measure === 'COST' ? currency : null,
      method: result.method,
      historyDays: fitted.length,
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
      spentToDate,
      periodTotal: periodShares ? figure(result.total(periodShares), spent) : null,
      horizonDays,
      horizonEnd,
      horizonTotal: figure(result.total(horizonShares)),
      daily: result.days.slice(0, horizonDays).map((interval, i) => ({ day: addLocalDays(today, i, zone), ...figure(interval) })),
      limit: subject.limit,
      probabilityOfExceedingLimit: subject.limit ? result.probabilityAbove(spent, exceedShares, Number(subject.limit)) : null,
      generatedAt: now,
    };
  }
}
