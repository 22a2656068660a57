import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';

export type AllocationRuleKind = 'PROJECT' | 'USER' | 'TAG';

export interface CostCenterRow {
  orgId: string;
  id: string;
  code: string;
  name: string;
  account: string;
  sharedPercent: Decimal | null;
  createdAt: Date;
}

export interface AllocationRuleRow {
  orgId: string;
  id: string;
  costCenterId: string;
  kind: AllocationRuleKind;
  matchKey: string;
  matchValue: string;
  priority: number;
  createdAt: Date;
}

/** Spend of one (project, user, tags) combination over a period, in the org's currency. */
export interface SpendGroup {
  projectId: string | null;
  userId: string | null;
  tags: Record<string, string>;
  amount: Decimal;
}

export interface ChargebackStatementRow {
  costCenterId: string;
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  direct: Decimal;
  shared: Decimal;
  total: Decimal;
  createdAt: Date;
}

const COST_CENTER = `org_id AS "orgId", id, code, name, account, shared_percent::text AS "sharedPercent", created_at AS "createdAt"`;
const RULE = `org_id AS "orgId", id, cost_center_id AS "costCenterId", kind, match_key AS "matchKey", match_value AS "matchValue", priority, created_at AS "createdAt"`;
const toCostCenter = (row: Record<string, unknown>): CostCenterRow => ({ ...(row as unknown as CostCenterRow), sharedPercent: row.sharedPercent == null ? null : new Dec(row.sharedPercent as string) });

/** Cost centers, allocation rules and the monthly statements written from them. */
export class ChargebacksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertCostCenter(center: Omit<CostCenterRow, 'createdAt' | 'sharedPercent'>): Promise<CostCenterRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO cost_centers (org_id, id, code, name, account) VALUES ($1, $2, $3, $4, $5) RETURNING ${COST_CENTER}`,
      [center.orgId, center.id, center.code, center.name, center.account],
    );
    return toCostCenter(rows[0]);
  }

  async listCostCenters(orgId: string): Promise<CostCenterRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COST_CENTER} FROM cost_centers WHERE org_id = $1 ORDER BY code`, [orgId]);
    return rows.map(toCostCenter);
  }

  /** Replaces the fixed shares of shared spend (none = proportional to direct spend). */
  async setSharedPercents(orgId: string, shares: ReadonlyArray<{ costCenterId: string; percent: Decimal }>): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE cost_centers SET shared_percent = NULL WHERE org_id = $1`, [orgId]);
      await tx.query(
        `UPDATE cost_centers c SET shared_percent = s.percent FROM unnest($2::uuid[], $3::numeric[]) AS s(id, percent) WHERE c.org_id = $1 AND c.id = s.id`,
        [orgId, shares.map((s) => s.costCenterId), shares.map((s) => s.percent.toFixed())],
      );
    });
  }

  /** One rule per matched thing: setting it again moves it to another cost center or priority. */
  async upsertRule(rule: Omit<AllocationRuleRow, 'createdAt'>): Promise<AllocationRuleRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO allocation_rules (org_id, id, cost_center_id, kind, match_key, match_value, priority) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (org_id, kind, match_key, match_value) DO UPDATE SET cost_center_id = EXCLUDED.cost_center_id, priority = EXCLUDED.priority
       RETURNING ${RULE}`,
      [rule.orgId, rule.id, rule.costCenterId, rule.kind, rule.matchKey, rule.matchValue, rule.priority],
    );
    return rows[0];
  }

  async deleteRule(orgId: string, id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM allocation_rules WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return count > 0;
  }

  listRules(orgId: string): Promise<AllocationRuleRow[]> {
    return this.dataSource.query(`SELECT ${RULE} FROM allocation_rules WHERE org_id = $1 ORDER BY priority, kind, match_key, match_value`, [orgId]);
  }

  /** Spend per (project, user, tags) over [from, to), converted to `currency`; currencies without a rate are listed apart. */
  async spendGroups(orgId: string, from: Date, to: Date, currency: string, fxRates: ReadonlyMap<string, Decimal>): Promise<{ groups: SpendGroup[]; missingFx: string[] }> {
    const rows = await this.dataSource.query(
      `SELECT e.project_id AS "projectId", e.user_id AS "userId", e.tags, coalesce(sum(e.cost * fx.rate), 0)::text AS amount,
              array_remove(array_agg(DISTINCT e.currency::text) FILTER (WHERE fx.rate IS NULL), NULL) AS "missingFx"
         FROM usage_events e LEFT JOIN unnest($4::text[], $5::numeric[]) AS fx(currency, rate) ON fx.currency = e.currency
        WHERE e.org_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.voided_at IS NULL
        GROUP BY e.project_id, e.user_id, e.tags`,
      [orgId, from, to, [currency, ...fxRates.keys()], ['1', ...[...fxRates.values()].map((r) => r.toFixed())]],
    );
    const missing = new Set<string>(rows.flatMap((r: { missingFx: string[] | null }) => r.missingFx ?? []));
    return { groups: rows.map((r: Record<string, unknown>) => ({ projectId: r.projectId, userId: r.userId, tags: r.tags ?? {}, amount: new Dec(r.amount as string) })), missingFx: [...missing] };
  }

  async statements(orgId: string, periodStart: Date): Promise<ChargebackStatementRow[]> {
    const rows = await this.dataSource.query(
      `SELECT cost_center_id AS "costCenterId", period_start AS "periodStart", period_end AS "periodEnd", currency, direct::text, shared::text, total::text, created_at AS "createdAt"
         FROM chargeback_statements WHERE org_id = $1 AND period_start = $2`,
      [orgId, periodStart],
    );
    return rows.map((r: Record<string, string>) => ({ ...r, currency: r.currency!.trim(), direct: new Dec(r.direct!), shared: new Dec(r.shared!), total: new Dec(r.total!) }));
  }

  /** Writes a month's statements, all or none; a month written before stays as it was. */
  async insertStatements(orgId: string, rows: ReadonlyArray<Omit<ChargebackStatementRow, 'createdAt'>>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO chargeback_statements (org_id, period_start, period_end, cost_center_id, currency, direct, shared, total)
       SELECT $1, t.* FROM unnest($2::timestamptz[], $3::timestamptz[], $4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[]) AS t
       ON CONFLICT DO NOTHING`,
      [orgId, rows.map((r) => r.periodStart), rows.map((r) => r.periodEnd), rows.map((r) => r.costCenterId), rows.map((r) => r.currency), rows.map((r) => r.direct.toFixed()), rows.map((r) => r.shared.toFixed()), rows.map((r) => r.total.toFixed())],
    );
  }

  /** Orgs that have cost centers, with their zone and currency. */
  orgsWithCostCenters(): Promise<Array<{ orgId: string; timezone: string; currency: string }>> {
    return this.dataSource.query(`SELECT o.id AS "orgId", o.timezone, trim(o.currency) AS currency FROM organizations o WHERE EXISTS (SELECT 1 FROM cost_centers c WHERE c.org_id = o.id)`);
  }
}
