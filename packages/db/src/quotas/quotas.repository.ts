import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';

export type QuotaSubjectType = 'ORG' | 'USER';
export type QuotaTier = 'FREE' | 'STANDARD' | 'ENTERPRISE' | 'CUSTOM';
export type QuotaPeriod = 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'YEARLY';

/** The quota plan an org or one of its users is on. `creditAllowance` null = unlimited. */
export interface QuotaAssignmentRow {
  orgId: string;
  id: string;
  subjectType: QuotaSubjectType;
  /** '' for the org itself, the user's external id otherwise. */
  subjectId: string;
  tier: QuotaTier;
  period: QuotaPeriod;
  creditAllowance: Decimal | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  assignedAt: Date;
}

const COLUMNS = `org_id AS "orgId", id, subject_type AS "subjectType", subject_id AS "subjectId", tier, period,
  credit_allowance::text AS "creditAllowance", requests_per_minute AS "requestsPerMinute", tokens_per_minute AS "tokensPerMinute", assigned_at AS "assignedAt"`;

const toRow = (row: QuotaAssignmentRow & { creditAllowance: string | null }): QuotaAssignmentRow => ({
  ...row,
  creditAllowance: row.creditAllowance === null ? null : new Dec(row.creditAllowance),
});

/** Quota assignments: one plan per org and per user. */
export class QuotasRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Assigns (or replaces) the plan of a subject; a new assignment id starts fresh counters. */
  async assign(row: Omit<QuotaAssignmentRow, 'assignedAt'>, actor: string): Promise<QuotaAssignmentRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO quota_assignments (org_id, id, subject_type, subject_id, tier, period, credit_allowance, requests_per_minute, tokens_per_minute, assigned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (org_id, subject_type, subject_id) DO UPDATE SET id = EXCLUDED.id, tier = EXCLUDED.tier, period = EXCLUDED.period,
         credit_allowance = EXCLUDED.credit_allowance, requests_per_minute = EXCLUDED.requests_per_minute,
         tokens_per_minute = EXCLUDED.tokens_per_minute, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
       RETURNING ${COLUMNS}`,
      [row.orgId, row.id, row.subjectType, row.subjectId, row.tier, row.period, row.creditAllowance?.toFixed() ?? null, row.requestsPerMinute, row.tokensPerMinute, actor],
    );
    return toRow(rows[0]);
  }

  async listForOrg(orgId: string): Promise<QuotaAssignmentRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM quota_assignments WHERE org_id = $1`, [orgId]);
    return rows.map(toRow);
  }
}
