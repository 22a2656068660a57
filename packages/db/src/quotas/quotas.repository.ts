import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { bumpLimitVersion } from '../enforcement/limit-version-sql';

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

  /**
   * Assigns (or replaces) the plan of a subject. The id stays (reservations in flight keep counting against
   * it); the new assignedAt starts a fresh counter, rebuilt from the truth.
   */
  async assign(row: Omit<QuotaAssignmentRow, 'assignedAt'>, actor: string): Promise<QuotaAssignmentRow> {
    const rows = await this.dataSource.query(
      `WITH ${bumpLimitVersion('$1::uuid')} INSERT INTO quota_assignments (org_id, id, subject_type, subject_id, tier, period, credit_allowance, requests_per_minute, tokens_per_minute, assigned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (org_id, subject_type, subject_id) DO UPDATE SET tier = EXCLUDED.tier, period = EXCLUDED.period,
         credit_allowance = EXCLUDED.credit_allowance, requests_per_minute = EXCLUDED.requests_per_minute,
         tokens_per_minute = EXCLUDED.tokens_per_minute, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
       RETURNING ${COLUMNS}`,
      [row.orgId, row.id, row.subjectType, row.subjectId, row.tier, row.period, row.creditAllowance?.toFixed() ?? null, row.requestsPerMinute, row.tokensPerMinute, actor],
    );
    return toRow(rows[0]);
  }

  /** Every assignment with a credit allowance, across orgs (for the worker's period job). */
  async listAllLimited(): Promise<QuotaAssignmentRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM quota_assignments WHERE credit_allowance IS NOT NULL`);
    return rows.map(toRow);
  }

  async listForOrg(orgId: string): Promise<QuotaAssignmentRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM quota_assignments WHERE org_id = $1`, [orgId]);
    return rows.map(toRow);
  }

  /** Records credits bought for a quota, in the transaction that posts them to the ledger. */
  async insertTopUp(tx: EntityManager, topUp: { orgId: string; id: string; subjectType: QuotaSubjectType; subjectId: string; credits: Decimal; ledgerTransactionId: string }): Promise<void> {
    await tx.query(
      `INSERT INTO quota_top_ups (org_id, id, subject_type, subject_id, credits, ledger_transaction_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [topUp.orgId, topUp.id, topUp.subjectType, topUp.subjectId, topUp.credits.toFixed(), topUp.ledgerTransactionId],
    );
  }

  /** Top-ups of an org since an instant. */
  async topUpsSince(orgId: string, since: Date): Promise<Array<{ subjectType: QuotaSubjectType; subjectId: string; credits: Decimal; createdAt: Date }>> {
    const rows: Array<{ subjectType: QuotaSubjectType; subjectId: string; credits: string; createdAt: Date }> = await this.dataSource.query(
      `SELECT subject_type AS "subjectType", subject_id AS "subjectId", credits::text, created_at AS "createdAt" FROM quota_top_ups WHERE org_id = $1 AND created_at >= $2`,
      [orgId, since],
    );
    return rows.map((row) => ({ ...row, credits: new Dec(row.credits) }));
  }
}
