import type Decimal from 'decimal.js';
import type { TokenCounts } from '@tollgate/core';
import type { ReportDimension, ReportFilter, ReportInterval } from '@tollgate/db';

export interface UsageReportArgs {
  from: Date;
  to: Date;
  groupBy?: readonly ReportDimension[] | null;
  tagKey?: string | null;
  interval?: ReportInterval | null;
  filter?: ReportFilter | null;
}

/** The group a report row belongs to; only the grouped dimensions are set. */
export interface ReportGroup {
  provider: string | null;
  model: string | null;
  projectId: string | null;
  userId: string | null;
  sessionId: string | null;
  category: string | null;
  feature: string | null;
  tagValue: string | null;
}

export interface ReportMetrics extends TokenCounts {
  requests: number;
  errors: number;
  errorRate: number;
  cost: Decimal;
  credits: Decimal;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
}

export interface ReportRow extends ReportMetrics {
  bucketStart: Date;
  currency: string;
  group: ReportGroup;
}

export interface UsageReport {
  from: Date;
  to: Date;
  timezone: string;
  interval: ReportInterval | null;
  groupBy: ReportDimension[];
  tagKey: string | null;
  /** ROLLUPS (15-minute aggregates, p95 estimated from a histogram) or EVENTS (raw rows, exact p95). */
  source: 'ROLLUPS' | 'EVENTS';
  rows: ReportRow[];
  totals: Array<ReportMetrics & { currency: string }>;
  /** What the report was made from, for its trend, comparison and projection (not exported). */
  query: { orgId: string; currency: string; args: UsageReportArgs };
}
