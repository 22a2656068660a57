import { randomUUID } from 'node:crypto';
import { Dec, type CreditRate, type CreditValue } from '@tollgate/core';
import type { DataSource } from 'typeorm';

interface RateRow {
  feature: string;
  kind: CreditRate['kind'];
  credits: string;
  perUnits: string;
  unit: string;
  effectiveFrom: Date;
}

const toRate = (row: RateRow): CreditRate => ({ ...row, credits: new Dec(row.credits), perUnits: new Dec(row.perUnits) });

/** An org's own credit rates and credit values (versioned); config supplies the defaults. */
export class CreditsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listRates(orgId: string): Promise<CreditRate[]> {
    const rows: RateRow[] = await this.dataSource.query(
      `SELECT feature, kind, credits::text, per_units::text AS "perUnits", unit, effective_from AS "effectiveFrom"
         FROM credit_rates WHERE org_id = $1 ORDER BY feature, effective_from`,
      [orgId],
    );
    return rows.map(toRate);
  }

  async upsertRate(orgId: string, rate: CreditRate, createdBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO credit_rates (org_id, id, feature, kind, credits, per_units, unit, effective_from, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (org_id, feature, effective_from) DO UPDATE
         SET kind = EXCLUDED.kind, credits = EXCLUDED.credits, per_units = EXCLUDED.per_units, unit = EXCLUDED.unit`,
      [orgId, randomUUID(), rate.feature, rate.kind, rate.credits.toFixed(), rate.perUnits.toFixed(), rate.unit, rate.effectiveFrom, createdBy],
    );
  }

  async findValues(orgId: string): Promise<CreditValue[]> {
    const rows: Array<{ amount: string; currency: string; effectiveFrom: Date }> = await this.dataSource.query(
      `SELECT amount::text, currency, effective_from AS "effectiveFrom" FROM credit_values WHERE org_id = $1 ORDER BY effective_from`,
      [orgId],
    );
    return rows.map((row) => ({ ...row, amount: new Dec(row.amount) }));
  }

  async upsertValue(orgId: string, value: CreditValue, createdBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO credit_values (org_id, id, amount, currency, effective_from, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id, effective_from) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency`,
      [orgId, randomUUID(), value.amount.toFixed(), value.currency, value.effectiveFrom, createdBy],
    );
  }
}
