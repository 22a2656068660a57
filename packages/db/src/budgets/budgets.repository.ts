import { Dec, type BudgetScope, type UsageMeasure } from '@tollgate/core';
import type { DataSource } from 'typeorm';
import { oldestOpenReservation } from '../enforcement/enforcement.repository';
import { bumpLimitVersion } from '../enforcement/limit-version-sql';
import { scopeConditions } from '../scope-filter';
import type { BudgetRow } from './budget-row';

const COLUMNS = `org_id AS "orgId", id, name, project_id AS "projectId", user_id AS "userId", provider, model, category, feature, tags,
  period, custom_start AS "customStart", custom_end AS "customEnd", currency, cost_limit::text AS "costLimit", credit_limit::text AS "creditLimit",
  token_limit::float8 AS "tokenLimit", request_limit::float8 AS "requestLimit", thresholds::float8[] AS thresholds,
  warning_percent::float8 AS "warningPercent", critical_percent::float8 AS "criticalPercent", action, throttle_per_minute AS "throttlePerMinute",
  auto_suspend AS "autoSuspend", suspended_at AS "suspendedAt", reset_at AS "resetAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

type NewBudget = Omit<BudgetRow, 'createdAt' | 'updatedAt' | 'suspendedAt' | 'resetAt'>;

const WRITABLE: Array<[column: string, field: Exclude<keyof NewBudget, 'orgId' | 'id'>, cast?: string]> = [
  ['name', 'name'],
  ['project_id', 'projectId', 'uuid'],
  ['user_id', 'userId'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['category', 'category'],
  ['feature', 'feature'],
  ['tags', 'tags', 'jsonb'],
  ['period', 'period'],
  ['custom_start', 'customStart', 'timestamptz'],
  ['custom_end', 'customEnd', 'timestamptz'],
  ['currency', 'currency'],
  ['cost_limit', 'costLimit', 'numeric'],
  ['credit_limit', 'creditLimit', 'numeric'],
  ['token_limit', 'tokenLimit', 'bigint'],
  ['request_limit', 'requestLimit', 'bigint'],
  ['thresholds', 'thresholds', 'numeric[]'],
  ['warning_percent', 'warningPercent', 'numeric'],
  ['critical_percent', 'criticalPercent', 'numeric'],
  ['action', 'action'],
  ['throttle_per_minute', 'throttlePerMinute', 'int'],
  ['auto_suspend', 'autoSuspend'],
];

const toParam = (value: unknown) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'toFixed' in (value as object) && !(value instanceof Date)) return (value as { toFixed(): string }).toFixed();
  if (typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) return JSON.stringify(value);
  return value;
};

function toRow(raw: Record<string, unknown>): BudgetRow {
  const row = raw as unknown as BudgetRow & { costLimit: string | null; creditLimit: string | null };
  return {
    ...row,
    currency: String(row.currency).trim(),
    costLimit: row.costLimit === null ? null : new Dec(row.costLimit),
    creditLimit: row.creditLimit === null ? null : new Dec(row.creditLimit),
  };
}

/** Budgets, their measured usage and their reservations. Every query is scoped by org. */
export class BudgetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(budget: NewBudget): Promise<BudgetRow> {
    const columns = WRITABLE.map(([column]) => column);
    const values = WRITABLE.map(([, field, cast], i) => `$${i + 3}${cast ? `::${cast}` : ''}`);
    const rows = await this.dataSource.query(
      `WITH ${bumpLimitVersion('$1::uuid')} INSERT INTO budgets (org_id, id, ${columns.join(', ')}) VALUES ($1, $2, ${values.join(', ')}) RETURNING ${COLUMNS}`,
      [budget.orgId, budget.id, ...WRITABLE.map(([, field]) => toParam(budget[field]))],
    );
    return toRow(rows[0]);
  }

  /** Replaces the writable fields of a live budget; null when there is none. */
  async update(budget: BudgetRow): Promise<BudgetRow | null> {
    const sets = WRITABLE.map(([column, , cast], i) => `${column} = $${i + 3}${cast ? `::${cast}` : ''}`);
    const [rows] = await this.dataSource.query(
      `WITH ${bumpLimitVersion('$1::uuid')} UPDATE budgets SET ${sets.join(', ')}, updated_at = now() WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [budget.orgId, budget.id, ...WRITABLE.map(([, field]) => toParam(budget[field]))],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async find(orgId: string, id: string): Promise<BudgetRow | null> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM budgets WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL`, [orgId, id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async listLive(orgId: string): Promise<BudgetRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM budgets WHERE org_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`, [orgId]);
    return rows.map(toRow);
  }

  async softDelete(orgId: string, id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`WITH ${bumpLimitVersion('$1::uuid')} UPDATE budgets SET deleted_at = now() WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL`, [orgId, id]);
    return count > 0;
  }

  /** Starts the budget's count over from `at` (within its period) and lifts a suspension. */
  async reset(orgId: string, id: string, at: Date): Promise<BudgetRow | null> {
    const [rows] = await this.dataSource.query(
      `WITH ${bumpLimitVersion('$1::uuid')} UPDATE budgets SET reset_at = $3, suspended_at = NULL, updated_at = now() WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [orgId, id, at],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Suspends once; true when this call did it. */
  async suspend(orgId: string, id: string, at: Date): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `WITH ${bumpLimitVersion('$1::uuid')} UPDATE budgets SET suspended_at = $3 WHERE org_id = $1 AND id = $2 AND suspended_at IS NULL AND deleted_at IS NULL`,
      [orgId, id, at],
    );
    return count > 0;
  }

  /** Usage inside a scope and time window, from the events (the truth Redis counters are rebuilt from). */
  async measure(orgId: string, scope: BudgetScope, currency: string, from: Date, to: Date | null): Promise<UsageMeasure> {
    const params: unknown[] = [orgId, from, currency];
    const where = ['org_id = $1', 'occurred_at >= $2', 'voided_at IS NULL'];
    if (to) where.push(`occurred_at < $${params.push(to)}`);
    where.push(...scopeConditions(scope, params));
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(cost) FILTER (WHERE currency = $3), 0)::text AS cost, coalesce(sum(credits), 0)::text AS credits,
              coalesce(sum(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens + embedding_tokens), 0)::float8 AS tokens,
              count(*)::float8 AS requests
         FROM usage_events WHERE ${where.join(' AND ')}`,
      params,
    );
    return { cost: new Dec(row.cost), credits: new Dec(row.credits), tokens: Number(row.tokens), requests: Number(row.requests) };
  }

  /** Open reservations (not settled, not expired) that hold a budget. */
  async openReservations(orgId: string, budgetId: string, now: Date): Promise<Array<{ id: string; expiresAt: Date; amount: UsageMeasure }>> {
    const rows: Array<{ id: string; expiresAt: Date; cost: string; credits: string; tokens: string; requests: number }> = await this.dataSource.query(
      `SELECT id, expires_at AS "expiresAt", cost::text, credits::text, tokens::text, requests
         FROM budget_reservations WHERE org_id = $1 AND id >= $3::uuid AND budget_ids @> ARRAY[$2::uuid] AND settled_at IS NULL AND expires_at > now()`,
      [orgId, budgetId, oldestOpenReservation(now)],
    );
    return rows.map((row) => ({
      id: row.id,
      expiresAt: row.expiresAt,
      amount: { cost: new Dec(row.cost), credits: new Dec(row.credits), tokens: Number(row.tokens), requests: Number(row.requests) },
    }));
  }
}
