import { DomainError, ZERO, badInput, histogramQuantile } from '@tollgate/core';
import type { OrganizationsRepository, ReportDimension, ReportRowData, UsageReportRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
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

    const { rows, source } = await this.reports.report({
      orgId,
      from: args.from,
      to: args.to,
      timezone: org.timezone,
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
    return { from: args.from, to: args.to, timezone: org.timezone, interval: args.interval ?? null, groupBy, tagKey: args.tagKey ?? null, source, rows: reportRows, totals };
  }
}

