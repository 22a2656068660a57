import { LATENCY_BUCKET_BOUNDS_MS, type TokenCounts } from '@tollgate/core';
import type { DataSource } from 'typeorm';
import { latencyHistogramSql } from '../usage/rollup-sql';

export const REPORT_DIMENSIONS = ['PROVIDER', 'MODEL', 'PROJECT', 'USER', 'SESSION', 'CATEGORY', 'FEATURE', 'TAG'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export type ReportInterval = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

export interface ReportFilter {
  projectId?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  provider?: string | null;
  model?: string | null;
  category?: string | null;
  feature?: string | null;
  tag?: { key: string; value: string } | null;
}

export interface ReportQuery {
  orgId: string;
  from: Date;
  to: Date;
  timezone: string;
  groupBy: readonly ReportDimension[];
  tagKey: string | null;
  interval: ReportInterval | null;
  filter: ReportFilter;
}

/** One group and bucket of a report, as summed by PostgreSQL (numerics as text). */
export interface ReportRowData extends TokenCounts {
  bucketStart: Date;
  currency: string;
  group: Partial<Record<ReportDimension, string | null>>;
  events: number;
  errors: number;
  cost: string;
  credits: string;
  latencyCount: number;
  latencySumMs: number;
  /** Slowest latency in the row (an upper bound on rollups, where voids do not lower it). */
  latencyMaxMs: number | null;
  /** Latency counts per histogram bucket (both paths). */
  latencyHistogram: number[];
  /** Exact p95 of the row's events (raw path only). */
  p95LatencyMs: number | null;
}

const ROLLUP_DIMENSIONS: Partial<Record<ReportDimension, string>> = {
  PROVIDER: "nullif(provider, '')",
  MODEL: "nullif(model, '')",
  PROJECT: "nullif(project_id, '')",
  CATEGORY: 'category',
  FEATURE: "nullif(feature, '')",
};

const RAW_DIMENSIONS: Record<ReportDimension, string> = {
  PROVIDER: 'provider',
  MODEL: 'model',
  PROJECT: 'project_id::text',
  USER: 'user_id',
  SESSION: 'session_id',
  CATEGORY: 'category',
  FEATURE: 'feature',
  TAG: 'tags ->> $TAGKEY',
};

const TOKENS = [
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cache_read_tokens', 'cacheReadTokens'],
  ['cache_write_tokens', 'cacheWriteTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['embedding_tokens', 'embeddingTokens'],
  ['image_count', 'imageCount'],
] as const;

const ROLLUP_FILTERS: Partial<Record<keyof ReportFilter, string>> = {
  projectId: 'project_id',
  provider: 'provider',
  model: 'model',
  category: 'category',
  feature: 'feature',
};

const RAW_FILTERS: Record<Exclude<keyof ReportFilter, 'tag'>, string> = {
  projectId: 'project_id::text',
  userId: 'user_id',
  sessionId: 'session_id',
  provider: 'provider',
  model: 'model',
  category: 'category',
  feature: 'feature',
};

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** True when the rollups can answer the query exactly: their dimensions and filters, whole 15-minute range ends. */
export function rollupsCanAnswer(query: ReportQuery): boolean {
  const dimensionsOk = query.groupBy.every((d) => ROLLUP_DIMENSIONS[d] !== undefined);
  const filtersOk = (Object.keys(query.filter) as Array<keyof ReportFilter>).every((f) => query.filter[f] == null || ROLLUP_FILTERS[f] !== undefined);
  return dimensionsOk && filtersOk && query.from.getTime() % QUARTER_HOUR_MS === 0 && query.to.getTime() % QUARTER_HOUR_MS === 0;
}

/** Usage reports from the rollups when they can answer, from raw events otherwise. */
export class UsageReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async report(query: ReportQuery): Promise<{ rows: ReportRowData[]; source: 'ROLLUPS' | 'EVENTS' }> {
    const fromRollups = rollupsCanAnswer(query);
    const params: unknown[] = [query.orgId, query.from.toISOString(), query.to.toISOString()];
    const param = (value: unknown) => `$${params.push(value)}`;
    const timeColumn = fromRollups ? 'bucket_start' : 'occurred_at';
    const bucket = query.interval ? `date_trunc('${query.interval.toLowerCase()}', ${timeColumn}, ${param(query.timezone)})` : '$2::timestamptz';
    const tagKeyParam = query.tagKey ? param(query.tagKey) : 'NULL';
    const dims = query.groupBy.map((d) => (fromRollups ? ROLLUP_DIMENSIONS[d]! : RAW_DIMENSIONS[d].replace('$TAGKEY', tagKeyParam)));
    const where = [`org_id = $1`, `${timeColumn} >= $2`, `${timeColumn} < $3`];
    if (!fromRollups) where.push('voided_at IS NULL');
    for (const [field, value] of Object.entries(query.filter) as Array<[keyof ReportFilter, unknown]>) {
      if (value == null) continue;
      if (field === 'tag') {
        const tag = value as { key: string; value: string };
        where.push(`tags @> ${param(JSON.stringify({ [tag.key]: tag.value }))}::jsonb`);
      } else {
        where.push(`${fromRollups ? ROLLUP_FILTERS[field] : RAW_FILTERS[field]} = ${param(value)}`);
      }
    }
    const groupSelect = dims.map((sql, i) => `${sql} AS g${i}`).join(', ');
    const groupBy = ['bucket', 'currency', ...dims.map((_, i) => `g${i}`)].join(', ');
    const tokens = TOKENS.map(([column, alias]) => `sum(${column})::bigint AS "${alias}"`).join(', ');
    const metrics = fromRollups
      ? `sum(events)::bigint AS events, sum(errors)::bigint AS errors, sum(cost)::text AS cost, sum(credits)::text AS credits, ${tokens},
         sum(latency_count)::bigint AS "latencyCount", sum(latency_sum_ms)::bigint AS "latencySumMs", max(latency_max_ms)::float8 AS "latencyMaxMs",
         ARRAY[${LATENCY_BUCKET_BOUNDS_MS.map((_, i) => `sum(latency_histogram[${i + 1}])`).concat(`sum(latency_histogram[${LATENCY_BUCKET_BOUNDS_MS.length + 1}])`).join(', ')}]::bigint[] AS "latencyHistogram",
         NULL::float8 AS "p95LatencyMs"`
      : `count(*)::bigint AS events, count(*) FILTER (WHERE NOT success)::bigint AS errors, sum(cost)::text AS cost, sum(credits)::text AS credits, ${tokens},
         count(latency_ms)::bigint AS "latencyCount", coalesce(sum(latency_ms), 0)::bigint AS "latencySumMs", max(latency_ms)::float8 AS "latencyMaxMs",
         ${latencyHistogramSql()} AS "latencyHistogram", percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS "p95LatencyMs"`;
    const sql = `
      SELECT ${bucket} AS bucket, currency${groupSelect ? `, ${groupSelect}` : ''}, ${metrics}
        FROM ${fromRollups ? 'usage_rollups' : 'usage_events'}
       WHERE ${where.join(' AND ')}
       GROUP BY ${groupBy}${fromRollups ? '\n      HAVING sum(events) <> 0' : ''}
       ORDER BY ${groupBy}`;
    const raw: Array<Record<string, unknown>> = await this.dataSource.query(sql, params);
    const rows = raw.map((row): ReportRowData => {
      const group: Partial<Record<ReportDimension, string | null>> = {};
      query.groupBy.forEach((dimension, i) => (group[dimension] = (row[`g${i}`] as string | null) ?? null));
      const int = (key: string) => Number(row[key] ?? 0);
      return {
        bucketStart: row.bucket as Date,
        currency: String(row.currency).trim(),
        group,
        events: int('events'),
        errors: int('errors'),
        cost: String(row.cost),
        credits: String(row.credits),
        inputTokens: int('inputTokens'),
        outputTokens: int('outputTokens'),
        cacheReadTokens: int('cacheReadTokens'),
        cacheWriteTokens: int('cacheWriteTokens'),
        reasoningTokens: int('reasoningTokens'),
        embeddingTokens: int('embeddingTokens'),
        imageCount: int('imageCount'),
        latencyCount: int('latencyCount'),
        latencySumMs: int('latencySumMs'),
        latencyMaxMs: row.latencyMaxMs == null ? null : Number(row.latencyMaxMs),
        latencyHistogram: (row.latencyHistogram as string[]).map(Number),
        p95LatencyMs: row.p95LatencyMs == null ? null : Number(row.p95LatencyMs),
      };
    });
    return { rows, source: fromRollups ? 'ROLLUPS' : 'EVENTS' };
  }
}
