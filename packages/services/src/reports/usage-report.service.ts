import { DomainError, ZERO, badInput, bucketStarts, histogramQuantile, previousRange, type BudgetScope } from '@tollgate/core';
import type { OrganizationsRepository, ReportDimension, ReportRowData, UsageReportRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { ForecastService } from '../forecasts/forecast.service';
import { exportReport, type ExportFormat, type ReportExport, type ReportSection } from './export-report';
import { compareRows, trendSeries, type ReportComparison, type ReportProjection, type TrendSeries } from './report-insights';
import type { ReportGroup, ReportMetrics, ReportRow, UsageReport, UsageReportArgs } from './usage-report';

const MAX_RANGE_DAYS = 400;
const MAX_ROWS = 20_000;

const GROUP_FIELD: Record<ReportDimension, keyof ReportGroup> = {
  PROVIDER: 'provider',
  MODEL: 'model',
  PROJECT: 'projectId',
  USER: 'userId',
  SESSION: 'sessionId',
  CATEGORY: 'category',
  FEATURE: 'feature',
  TAG: 'tagValue',
};

const emptyGroup = (): ReportGroup => ({ provider: null, model: null, projectId: null, userId: null, sessionId: null, category: null, feature: null, tagValue: null });

function metricsOf(rows: readonly ReportRowData[]): ReportMetrics {
  const sum = (pick: (row: ReportRowData) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const requests = sum((r) => r.events);
  const errors = sum((r) => r.errors);
  const latencyCount = sum((r) => r.latencyCount);
  const histogram = rows.reduce<number[]>((total, row) => row.latencyHistogram.map((count, i) => count + (total[i] ?? 0)), []);
  // One raw-event row knows its exact p95; anything summed is estimated from the histogram.
  const exact = rows.length === 1 ? (rows[0]?.p95LatencyMs ?? null) : null;
  const estimate = histogramQuantile(histogram, 0.95);
  const slowest = Math.max(...rows.map((r) => r.latencyMaxMs ?? 0));
  // An estimate interpolated inside a bucket never exceeds the slowest call seen.
  const p95 = exact ?? (estimate === null ? null : Math.min(estimate, slowest || estimate));
  return {
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    cost: rows.reduce((total, r) => total.plus(r.cost), ZERO),
    credits: rows.reduce((total, r) => total.plus(r.credits), ZERO),
    inputTokens: sum((r) => r.inputTokens),
    outputTokens: sum((r) => r.outputTokens),
    cacheReadTokens: sum((r) => r.cacheReadTokens),
    cacheWriteTokens: sum((r) => r.cacheWriteTokens),
    reasoningTokens: sum((r) => r.reasoningTokens),
    embeddingTokens: sum((r) => r.embeddingTokens),
    imageCount: sum((r) => r.imageCount),
    avgLatencyMs: latencyCount === 0 ? null : sum((r) => r.latencySumMs) / latencyCount,
    p95LatencyMs: p95,
  };
}

/**
 * Usage reports in the org's time zone: per group and bucket, cost, credits,
 * tokens by type, requests, error rate and latency. Totals are per currency.
 */
export class UsageReportService {
  constructor(
    private readonly reports: UsageReportRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly forecasts: ForecastService,
  ) {}

  async usageReport(principal: Principal, args: UsageReportArgs): Promise<UsageReport> {
    requireRole(principal, ROLES.readers, 'read usage reports');
    const orgId = orgIdOf(principal);
    const org = await this.orgs.findOrganization(orgId);
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    const groupBy = [...(args.groupBy ?? [])];
    if (!(args.from < args.to)) throw badInput('range.from must be before range.to', 'INVALID_RANGE', { field: 'range' });
    if (args.to.getTime() - args.from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw badInput(`a report covers at most ${MAX_RANGE_DAYS} days`, 'INVALID_RANGE', { field: 'range' });
    if (new Set(groupBy).size !== groupBy.length) throw badInput('groupBy repeats a dimension', 'INVALID_GROUP_BY', { field: 'groupBy' });
    if (groupBy.includes('TAG') && !args.tagKey) throw badInput('grouping by TAG needs tagKey', 'INVALID_GROUP_BY', { field: 'tagKey' });
    return this.run({ orgId, currency: org.currency, args: { ...args, groupBy } }, org.timezone);
  }

  /** The report with the sections asked for, as a file body. */
  async exportReport(principal: Principal, args: UsageReportArgs, format: ExportFormat, sections: readonly ReportSection[] = ['ROWS']): Promise<ReportExport> {
    const report = await this.usageReport(principal, args);
    const [trend, comparison, projection] = await Promise.all([
      sections.includes('TREND') ? this.trend(report) : undefined,
      sections.includes('COMPARISON') ? this.comparison(report) : undefined,
      sections.includes('PROJECTION') ? this.projection(report) : undefined,
    ]);
    return exportReport(report, format, sections, { trend, comparison, projection });
  }

  /** Cost per group over the report's interval (days when it has none), with each series' direction. */
  async trend(report: UsageReport): Promise<TrendSeries[]> {
    const interval = report.interval ?? 'DAY';
    const source = report.interval ? report : await this.rerun(report, { interval });
    try {
      return trendSeries(source.rows, bucketStarts(report.from, report.to, interval, report.timezone, MAX_ROWS));
    } catch (error) {
      if (error instanceof RangeError) throw badInput(`The trend has more than ${MAX_ROWS} buckets; choose a longer interval`, 'REPORT_TOO_LARGE');
      throw error;
    }
  }

  /** This range against the one before it (the previous whole months for a range of whole months). */
  async comparison(report: UsageReport): Promise<ReportComparison> {
    const previous = previousRange(report.from, report.to, report.timezone);
    const [current, before] = await Promise.all([
      report.interval ? this.rerun(report, { interval: null }) : report,
      this.rerun(report, { from: previous.from, to: previous.to, interval: null }),
    ]);
    const totalsOf = (totals: UsageReport['totals']) => totals.map((total) => ({ ...total, group: emptyGroup() }));
    return { previousFrom: previous.from, previousTo: previous.to, rows: compareRows(current.rows, before.rows), totals: compareRows(totalsOf(current.totals), totalsOf(before.totals)) };
  }

  /**
   * Where the cost of a range still running will end, per currency: the
   * report's actual cost so far plus a forecast of the rest. Empty for a
   * range that has ended or not begun, and for session filters (sessions are not forecast).
   */
  async projection(report: UsageReport, now = new Date()): Promise<ReportProjection[]> {
    const filter = report.query.args.filter ?? {};
    if (report.to <= now || report.from >= now || filter.sessionId) return [];
    const scope: BudgetScope = {
      projectId: filter.projectId,
      userId: filter.userId,
      provider: filter.provider,
      model: filter.model,
      category: filter.category,
      feature: filter.feature,
      tags: filter.tag ? { [filter.tag.key]: filter.tag.value } : null,
    };
    const currencies = report.totals.length ? report.totals.map((total) => total.currency) : [report.query.currency];
    return Promise.all(
      currencies.map(async (currency) => {
        const actualToDate = report.totals.find((total) => total.currency === currency)?.cost ?? ZERO;
        const forecast = await this.forecasts.forRange(report.query.orgId, report.timezone, scope, currency, { start: report.from, end: report.to }, actualToDate, now);
        return { currency, method: forecast.method, historyDays: forecast.historyDays, actualToDate, projectedTotal: forecast.periodTotal! };
      }),
    );
  }

  private rerun(report: UsageReport, changes: Partial<UsageReportArgs>): Promise<UsageReport> {
    return this.run({ ...report.query, args: { ...report.query.args, ...changes } }, report.timezone);
  }

  private async run(query: UsageReport['query'], timezone: string): Promise<UsageReport> {
    const { args } = query;
    const groupBy = [...(args.groupBy ?? [])];
    const { rows, source } = await this.reports.report({
      orgId: query.orgId,
      from: args.from,
      to: args.to,
      timezone,
      groupBy,
      tagKey: args.tagKey ?? null,
      interval: args.interval ?? null,
      filter: args.filter ?? {},
    });
    if (rows.length > MAX_ROWS) throw badInput(`The report has more than ${MAX_ROWS} rows; narrow the range, grouping or interval`, 'REPORT_TOO_LARGE');

    const reportRows: ReportRow[] = rows.map((row) => {
      const group = emptyGroup();
      for (const dimension of groupBy) group[GROUP_FIELD[dimension]] = row.group[dimension] ?? null;
      return { bucketStart: row.bucketStart, currency: row.currency, group, ...metricsOf([row]) };
    });
    const currencies = [...new Set(rows.map((row) => row.currency))].sort();
    const totals = currencies.map((currency) => ({ currency, ...metricsOf(rows.filter((row) => row.currency === currency)) }));
    return { from: args.from, to: args.to, timezone, interval: args.interval ?? null, groupBy, tagKey: args.tagKey ?? null, source, rows: reportRows, totals, query };
  }
}
