import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import type { Queryable } from './invoices.repository';

export interface CouponRow {
  orgId: string;
  id: string;
  name: string;
  percentOff: Decimal | null;
  amountOff: Decimal | null;
  currency: string | null;
  durationPeriods: number | null;
  appliesFrom: Date;
  createdAt: Date;
}

export interface BillingSettingsRow {
  name: string;
  currency: string;
  timezone: string;
  invoicePrefix: string | null;
  taxRates: Array<{ name: string; percent: Decimal }>;
}

export interface FxRateRow {
  base: string;
  quote: string;
  rate: Decimal;
  effectiveFrom: Date;
}

/** Prepaid money the platform holds for an org in a currency (org:prepaid is a liability: its credits are the balance). */
export const PREPAID_BALANCE_SQL = (org: string, currency: string) =>
  `SELECT coalesce(-sum(amount), 0)::text FROM ledger_postings WHERE org_id = ${org} AND account = 'org:prepaid' AND asset = ${currency}`;

/** The latest rate to a currency for every base currency, among the versions in force at an instant. */
export const FX_RATES_TO_SQL = (quote: string, at: string) =>
  `SELECT DISTINCT ON (base) trim(base) AS base, rate::text AS rate FROM fx_rates WHERE quote = ${quote} AND effective_from <= ${at} ORDER BY base, effective_from DESC`;

export const toCoupon = (row: Record<string, unknown>): CouponRow => ({
  ...(row as unknown as CouponRow),
  currency: row.currency ? String(row.currency).trim() : null,
  percentOff: row.percentOff == null ? null : new Dec(row.percentOff as string),
  amountOff: row.amountOff == null ? null : new Dec(row.amountOff as string),
});

export const COUPON = `org_id AS "orgId", id, name, percent_off::text AS "percentOff", amount_off::text AS "amountOff", currency,
  duration_periods AS "durationPeriods", applies_from AS "appliesFrom", created_at AS "createdAt"`;

/** Invoices, their lines and numbering, and the org settings and rates they are computed from. */
/** What invoices are computed with besides usage: an org's billing settings and coupons, its prepaid money, and the platform's FX rates. */
export class BillingSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async settings(orgId: string, q: Queryable = this.dataSource): Promise<BillingSettingsRow | null> {
    const [org] = await q.query(
      `SELECT o.name, o.currency, o.timezone, o.invoice_prefix AS "invoicePrefix",
              coalesce((SELECT json_agg(json_build_object('name', t.name, 'percent', t.percent::text) ORDER BY t.position) FROM org_tax_rates t WHERE t.org_id = o.id), '[]') AS "taxRates"
         FROM organizations o WHERE o.id = $1`,
      [orgId],
    );
    if (!org) return null;
    return { ...org, currency: String(org.currency).trim(), taxRates: org.taxRates.map((r: { name: string; percent: string }) => ({ name: r.name, percent: new Dec(r.percent) })) };
  }

  /** Sets the invoice prefix and/or replaces the tax rates (undefined leaves a setting as it is). */
  async saveSettings(orgId: string, settings: { invoicePrefix?: string; taxRates?: Array<{ name: string; percent: Decimal }> }): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (settings.invoicePrefix !== undefined) await tx.query(`UPDATE organizations SET invoice_prefix = $2 WHERE id = $1`, [orgId, settings.invoicePrefix]);
      if (settings.taxRates !== undefined) {
        await tx.query(`DELETE FROM org_tax_rates WHERE org_id = $1`, [orgId]);
        if (settings.taxRates.length) {
          await tx.query(
            `INSERT INTO org_tax_rates (org_id, position, name, percent) SELECT $1, t.position - 1, t.name, t.percent FROM unnest($2::text[], $3::numeric[]) WITH ORDINALITY AS t(name, percent, position)`,
            [orgId, settings.taxRates.map((r) => r.name), settings.taxRates.map((r) => r.percent.toFixed())],
          );
        }
      }
    });
  }

  async insertCoupon(coupon: Omit<CouponRow, 'createdAt'>, createdBy: string): Promise<CouponRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO coupons (org_id, id, name, percent_off, amount_off, currency, duration_periods, applies_from, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COUPON}`,
      [coupon.orgId, coupon.id, coupon.name, coupon.percentOff?.toFixed() ?? null, coupon.amountOff?.toFixed() ?? null, coupon.currency, coupon.durationPeriods, coupon.appliesFrom, createdBy],
    );
    return toCoupon(rows[0]);
  }

  async listCoupons(orgId: string): Promise<CouponRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COUPON} FROM coupons WHERE org_id = $1 ORDER BY created_at, id`, [orgId]);
    return rows.map(toCoupon);
  }

  async upsertFxRate(rate: FxRateRow): Promise<FxRateRow> {
    await this.dataSource.query(
      `INSERT INTO fx_rates (base, quote, effective_from, rate) VALUES ($1, $2, $3, $4)
       ON CONFLICT (base, quote, effective_from) DO UPDATE SET rate = EXCLUDED.rate`,
      [rate.base, rate.quote, rate.effectiveFrom, rate.rate.toFixed()],
    );
    return rate;
  }

  async listFxRates(filter: { base?: string | null; quote?: string | null }): Promise<FxRateRow[]> {
    const rows = await this.dataSource.query(
      `SELECT base, quote, rate::text, effective_from AS "effectiveFrom" FROM fx_rates
        WHERE ($1::text IS NULL OR base = $1) AND ($2::text IS NULL OR quote = $2) ORDER BY base, quote, effective_from DESC`,
      [filter.base ?? null, filter.quote ?? null],
    );
    return rows.map((r: Record<string, string>) => ({ ...r, base: r.base!.trim(), quote: r.quote!.trim(), rate: new Dec(r.rate!) }));
  }

  /** The rate from every currency to `quote` in force at `at` (the latest version that started by then). */
  async fxRatesTo(quote: string, at: Date, q: Queryable = this.dataSource): Promise<Map<string, Decimal>> {
    const rows = await q.query(
      FX_RATES_TO_SQL('$1', '$2'),
      [quote, at],
    );
    return new Map(rows.map((r: { base: string; rate: string }) => [r.base, new Dec(r.rate)]));
  }

  async prepaidBalance(orgId: string, currency: string, q: Queryable = this.dataSource): Promise<Decimal> {
    const [row] = await q.query(`SELECT (${PREPAID_BALANCE_SQL('$1', '$2')}) AS balance`, [orgId, currency]);
    return new Dec(row.balance);
  }
}
