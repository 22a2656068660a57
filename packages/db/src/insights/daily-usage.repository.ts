import { Dec, type BudgetScope, type UsageMeasure } from '@tollgate/core';
import type { DataSource } from 'typeorm';
import { scopeConditions } from '../scope-filter';

/** Usage of one local day. */
export interface DailyUsage extends UsageMeasure {
  day: Date;
}

const ROLLUP_COLUMNS: Array<[keyof BudgetScope, string]> = [
  ['projectId', 'project_id'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['category', 'category'],
  ['feature', 'feature'],
];

const TOKENS = 'input_tokens + output_tokens + cache_read_tokens + cache_write_tokens + embedding_tokens';

/** True when the 15-minute rollups hold every field the scope filters on (no user, no tags). */
const rollupsCover = (scope: BudgetScope) => scope.userId == null && Object.keys(scope.tags ?? {}).length === 0;

/**
 * Daily usage in a scope, days counted in the org's zone: the history a
 * forecast is fitted on. Cost counts only the given currency, as budgets do.
 */
export class DailyUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async daily(orgId: string, scope: BudgetScope, currency: string, from: Date, to: Date, zone: string): Promise<DailyUsage[]> {
    const params: unknown[] = [orgId, from, to, currency, zone];
    let sql: string;
    if (rollupsCover(scope)) {
      const where = ROLLUP_COLUMNS.flatMap(([field, column]) => (scope[field] == null ? [] : [`${column} = $${params.push(scope[field])}`]));
      sql = `SELECT date_trunc('day', bucket_start, $5) AS day, coalesce(sum(cost) FILTER (WHERE currency = $4), 0)::text AS cost,
                    sum(credits)::text AS credits, sum(${TOKENS})::float8 AS tokens, sum(events)::float8 AS requests
               FROM usage_rollups WHERE org_id = $1 AND bucket_start >= $2 AND bucket_start < $3${where.map((w) => ` AND ${w}`).join('')}
              GROUP BY 1 ORDER BY 1`;
    } else {
      const where = scopeConditions(scope, params);
      sql = `SELECT date_trunc('day', occurred_at, $5) AS day, coalesce(sum(cost) FILTER (WHERE currency = $4), 0)::text AS cost,
                    sum(credits)::text AS credits, sum(${TOKENS})::float8 AS tokens, count(*)::float8 AS requests
               FROM usage_events WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND voided_at IS NULL${where.map((w) => ` AND ${w}`).join('')}
              GROUP BY 1 ORDER BY 1`;
    }
    const rows: Array<{ day: Date; cost: string; credits: string; tokens: number; requests: number }> = await this.dataSource.query(sql, params);
    return rows.map((row) => ({ day: row.day, cost: new Dec(row.cost), credits: new Dec(row.credits), tokens: Number(row.tokens), requests: Number(row.requests) }));
  }
}
