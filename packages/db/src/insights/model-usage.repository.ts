import { Dec, type BudgetScope, type TokenTotals } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { scopeConditions } from '../scope-filter';

export interface ModelUsageThresholds {
  /** A request with at most this many output tokens has a short output. */
  shortOutputTokens: number;
  /** A request with at least this many prompt tokens has a long prompt. */
  longPromptTokens: number;
  /** Requests above this many prompt tokens are left out of switch estimates (long-context prices start above it). */
  maxSwitchPromptTokens: number;
}

/** What one provider/model was used for over a range, with the slices the cost suggestions read. */
export interface ModelUsage {
  provider: string;
  model: string;
  currency: string;
  requests: number;
  cost: Decimal;
  /** Successful requests with short outputs and prompts below every long-context tier. */
  short: TokenTotals & { cost: Decimal };
  failed: number;
  failedBilled: number;
  failedCost: Decimal;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** Requests with long prompts of one model from one project and feature: where a shared prompt prefix is likely. */
export interface LongPromptUsage extends TokenTotals {
  provider: string;
  model: string;
  currency: string;
  projectId: string | null;
  feature: string | null;
  cost: Decimal;
}

const tokenSums = (filter: string) =>
  ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens']
    .map((column) => `coalesce(sum(${column}) FILTER (WHERE ${filter}), 0)::float8 AS "${column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}"`)
    .join(', ');

const totalsOf = (row: Record<string, unknown>, requests: unknown): TokenTotals => ({
  requests: Number(requests),
  inputTokens: Number(row.inputTokens),
  outputTokens: Number(row.outputTokens),
  cacheReadTokens: Number(row.cacheReadTokens),
  cacheWriteTokens: Number(row.cacheWriteTokens),
  reasoningTokens: Number(row.reasoningTokens),
});

/** Per-model usage from the raw events of a range, for cost suggestions and efficiency scores. */
export class ModelUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async byModel(orgId: string, scope: BudgetScope, from: Date, to: Date, thresholds: ModelUsageThresholds): Promise<ModelUsage[]> {
    const params: unknown[] = [orgId, from, to, thresholds.shortOutputTokens, thresholds.maxSwitchPromptTokens];
    const where = scopeConditions(scope, params).map((condition) => ` AND ${condition}`).join('');
    const short = 'success AND output_tokens <= $4 AND input_tokens + cache_read_tokens <= $5';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT provider, model, trim(currency) AS currency, count(*)::float8 AS requests, sum(cost)::text AS cost,
              count(*) FILTER (WHERE ${short})::float8 AS "shortRequests", coalesce(sum(cost) FILTER (WHERE ${short}), 0)::text AS "shortCost", ${tokenSums(short)},
              count(*) FILTER (WHERE NOT success)::float8 AS failed, count(*) FILTER (WHERE NOT success AND cost > 0)::float8 AS "failedBilled",
              coalesce(sum(cost) FILTER (WHERE NOT success), 0)::text AS "failedCost",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS "p50LatencyMs", percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS "p95LatencyMs"
         FROM usage_events
        WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND voided_at IS NULL AND provider IS NOT NULL AND model IS NOT NULL${where}
        GROUP BY provider, model, currency
        ORDER BY sum(cost) DESC, provider, model`,
      params,
    );
    return rows.map((row) => ({
      provider: String(row.provider),
      model: String(row.model),
      currency: String(row.currency),
      requests: Number(row.requests),
      cost: new Dec(row.cost as string),
      short: { ...totalsOf(row, row.shortRequests), cost: new Dec(row.shortCost as string) },
      failed: Number(row.failed),
      failedBilled: Number(row.failedBilled),
      failedCost: new Dec(row.failedCost as string),
      p50LatencyMs: row.p50LatencyMs == null ? null : Number(row.p50LatencyMs),
      p95LatencyMs: row.p95LatencyMs == null ? null : Number(row.p95LatencyMs),
    }));
  }

  async longPrompts(orgId: string, scope: BudgetScope, from: Date, to: Date, thresholds: ModelUsageThresholds): Promise<LongPromptUsage[]> {
    const params: unknown[] = [orgId, from, to, thresholds.longPromptTokens];
    const where = scopeConditions(scope, params).map((condition) => ` AND ${condition}`).join('');
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT provider, model, trim(currency) AS currency, project_id::text AS "projectId", feature, count(*)::float8 AS requests, sum(cost)::text AS cost, ${tokenSums('true')}
         FROM usage_events
        WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND voided_at IS NULL AND provider IS NOT NULL AND model IS NOT NULL
          AND input_tokens + cache_read_tokens >= $4${where}
        GROUP BY provider, model, currency, project_id, feature
        ORDER BY sum(cost) DESC`,
      params,
    );
    return rows.map((row) => ({
      ...totalsOf(row, row.requests),
      provider: String(row.provider),
      model: String(row.model),
      currency: String(row.currency),
      projectId: (row.projectId as string | null) ?? null,
      feature: (row.feature as string | null) ?? null,
      cost: new Dec(row.cost as string),
    }));
  }
}
