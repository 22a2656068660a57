import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { COUPON, FX_RATES_TO_SQL, PREPAID_BALANCE_SQL, toCoupon, type CouponRow } from './billing-settings.repository';

export type InvoiceStatus = 'DRAFT' | 'FINALIZED' | 'PAID' | 'VOID';
export type Queryable = DataSource | EntityManager;

export interface InvoiceDiscountRow {
  name: string;
  amount: string;
  couponId: string | null;
}

export interface InvoiceTaxRow {
  name: string;
  percent: string;
  amount: string;
}

/** The figures of an invoice, written together whenever a draft is (re)computed. */
export interface InvoiceFigures {
  currency: string;
  subtotal: Decimal;
  discountTotal: Decimal;
  taxableAmount: Decimal;
  taxTotal: Decimal;
  total: Decimal;
  prepaidApplied: Decimal;
  amountDue: Decimal;
  discounts: InvoiceDiscountRow[];
  taxes: InvoiceTaxRow[];
  usageCutoff: Date;
  planId: string;
}

export interface InvoiceRow extends InvoiceFigures {
  orgId: string;
  id: string;
  subscriptionId: string;
  periodStart: Date;
  periodEnd: Date;
  status: InvoiceStatus;
  number: string | null;
  creditNoteNumber: string | null;
  graceEndsAt: Date;
  finalizedAt: Date | null;
  paidAt: Date | null;
  paymentReference: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  ledgerTransactionId: string | null;
  createdAt: Date;
}

export interface InvoiceLineRow {
  seq: number;
  kind: string;
  chargeCode: string | null;
  description: string;
  quantity: Decimal;
  unitPrice: Decimal;
  amount: Decimal;
  unroundedAmount: Decimal;
  taxable: boolean;
  serviceStart: Date;
  serviceEnd: Date;
  details: Array<{ description: string; quantity: string; unitPrice: string; amount: string }>;
}

export interface InvoiceFilter {
  status?: InvoiceStatus | null;
  subscriptionId?: string | null;
  periodFrom?: Date | null;
  periodTo?: Date | null;
}

const MONEY_FIELDS = ['subtotal', 'discountTotal', 'taxableAmount', 'taxTotal', 'total', 'prepaidApplied', 'amountDue'] as const;

const INVOICE = `org_id AS "orgId", id, subscription_id AS "subscriptionId", plan_id AS "planId", period_start AS "periodStart", period_end AS "periodEnd",
  status, number, credit_note_number AS "creditNoteNumber", currency, subtotal::text, discount_total::text AS "discountTotal",
  taxable_amount::text AS "taxableAmount", tax_total::text AS "taxTotal", total::text, prepaid_applied::text AS "prepaidApplied",
  amount_due::text AS "amountDue", discounts, taxes, usage_cutoff AS "usageCutoff", grace_ends_at AS "graceEndsAt", finalized_at AS "finalizedAt",
  paid_at AS "paidAt", payment_reference AS "paymentReference", voided_at AS "voidedAt", void_reason AS "voidReason",
  ledger_transaction_id AS "ledgerTransactionId", created_at AS "createdAt"`;

const LINE = `seq, kind, charge_code AS "chargeCode", description, quantity::text, unit_price::text AS "unitPrice", amount::text,
  unrounded_amount::text AS "unroundedAmount", taxable, service_start AS "serviceStart", service_end AS "serviceEnd", details`;

function toInvoice(row: Record<string, unknown>): InvoiceRow {
  const invoice = { ...row, currency: String(row.currency).trim() } as unknown as InvoiceRow;
  for (const field of MONEY_FIELDS) (invoice as unknown as Record<string, Decimal>)[field] = new Dec(row[field] as string);
  return invoice;
}

const toLine = (row: Record<string, unknown>): InvoiceLineRow => ({
  ...(row as unknown as InvoiceLineRow),
  quantity: new Dec(row.quantity as string),
  unitPrice: new Dec(row.unitPrice as string),
  amount: new Dec(row.amount as string),
  unroundedAmount: new Dec(row.unroundedAmount as string),
});

/** Invoices, their lines and numbering. */
export class InvoicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The pool's manager, for reads outside a transaction. */
  manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Coupons that apply to a subscription's period: in force before the period
   * ends, and (for coupons limited to N periods) used by fewer than N earlier
   * invoices of the subscription that were not voided.
   */
  async couponsFor(q: Queryable, orgId: string, subscriptionId: string, periodStart: Date, periodEnd: Date): Promise<CouponRow[]> {
    const rows = await q.query(
      `SELECT ${COUPON} FROM coupons c
        WHERE c.org_id = $1 AND c.applies_from < $4
          AND (c.duration_periods IS NULL OR c.duration_periods > (
                SELECT count(*) FROM invoices i
                 WHERE i.org_id = c.org_id AND i.subscription_id = $2 AND i.period_start < $3 AND i.status <> 'VOID'
                   AND i.discounts @> jsonb_build_array(jsonb_build_object('couponId', c.id::text))))
        ORDER BY c.created_at, c.id`,
      [orgId, subscriptionId, periodStart, periodEnd],
    );
    return rows.map(toCoupon);
  }

  async find(q: Queryable, orgId: string, id: string, lock = false): Promise<InvoiceRow | null> {
    const rows = await q.query(`SELECT ${INVOICE} FROM invoices WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ? toInvoice(rows[0]) : null;
  }

  async findByPeriod(q: Queryable, orgId: string, subscriptionId: string, periodStart: Date, lock = false): Promise<InvoiceRow | null> {
    const rows = await q.query(
      `SELECT ${INVOICE} FROM invoices WHERE org_id = $1 AND subscription_id = $2 AND period_start = $3${lock ? ' FOR UPDATE' : ''}`,
      [orgId, subscriptionId, periodStart],
    );
    return rows[0] ? toInvoice(rows[0]) : null;
  }

  async lines(orgId: string, invoiceIds: readonly string[]): Promise<Map<string, InvoiceLineRow[]>> {
    const rows = await this.dataSource.query(
      `SELECT invoice_id AS "invoiceId", ${LINE} FROM invoice_lines WHERE org_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY invoice_id, seq`,
      [orgId, invoiceIds],
    );
    const byInvoice = new Map<string, InvoiceLineRow[]>(invoiceIds.map((id) => [id, []]));
    for (const row of rows) byInvoice.get(row.invoiceId)?.push(toLine(row));
    return byInvoice;
  }

  async list(orgId: string, filter: InvoiceFilter, limit: number, after: { at: Date; id: string } | null): Promise<InvoiceRow[]> {
    const rows = await this.dataSource.query(
      `SELECT ${INVOICE} FROM invoices
        WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR subscription_id = $3)
          AND ($4::timestamptz IS NULL OR period_start >= $4) AND ($5::timestamptz IS NULL OR period_start < $5)
          AND ($6::timestamptz IS NULL OR (period_start, id) < ($6, $7::uuid))
        ORDER BY period_start DESC, id DESC LIMIT $8`,
      [orgId, filter.status ?? null, filter.subscriptionId ?? null, filter.periodFrom ?? null, filter.periodTo ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map(toInvoice);
  }

  /** Inserts a draft unless the subscription's period has an invoice already; true when inserted. */
  async insertDraft(tx: EntityManager, header: Pick<InvoiceRow, 'orgId' | 'id' | 'subscriptionId' | 'periodStart' | 'periodEnd' | 'graceEndsAt'>, figures: InvoiceFigures, lines: readonly InvoiceLineRow[]): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO invoices (org_id, id, subscription_id, plan_id, period_start, period_end, status, currency, subtotal, discount_total, taxable_amount, tax_total,
                             total, prepaid_applied, amount_due, discounts, taxes, usage_cutoff, grace_ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'DRAFT', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (org_id, subscription_id, period_start) DO NOTHING RETURNING id`,
      [header.orgId, header.id, header.subscriptionId, figures.planId, header.periodStart, header.periodEnd, ...this.figureParams(figures), header.graceEndsAt],
    );
    if (rows.length === 0) return false;
    await this.insertLines(tx, header.orgId, header.id, lines);
    return true;
  }

  /** Recomputed figures and lines of a draft (the caller holds its row lock). */
  async replaceDraft(tx: EntityManager, orgId: string, id: string, figures: InvoiceFigures, lines: readonly InvoiceLineRow[]): Promise<void> {
    await tx.query(`DELETE FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2`, [orgId, id]);
    await tx.query(
      `UPDATE invoices SET plan_id = $3, currency = $4, subtotal = $5, discount_total = $6, taxable_amount = $7, tax_total = $8, total = $9,
              prepaid_applied = $10, amount_due = $11, discounts = $12, taxes = $13, usage_cutoff = $14, updated_at = now()
        WHERE org_id = $1 AND id = $2 AND status = 'DRAFT'`,
      [orgId, id, figures.planId, ...this.figureParams(figures)],
    );
    await this.insertLines(tx, orgId, id, lines);
  }

  /** The next number of a per-org, per-year sequence; the row stays locked until the transaction ends, so numbers have no gaps. */
  async nextNumber(tx: EntityManager, orgId: string, kind: 'INVOICE' | 'CREDIT_NOTE', year: number): Promise<number> {
    const [row] = await tx.query(
      `INSERT INTO invoice_sequences (org_id, kind, year, last_value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (org_id, kind, year) DO UPDATE SET last_value = invoice_sequences.last_value + 1 RETURNING last_value AS value`,
      [orgId, kind, year],
    );
    return row.value;
  }

  /** Serializes the money-moving steps of one org (finalizing, voiding): the prepaid balance is read under it. */
  async lockOrg(tx: EntityManager, orgId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`billing:${orgId}`]);
  }

  async markFinalized(tx: EntityManager, orgId: string, id: string, number: string, ledgerTransactionId: string): Promise<InvoiceRow> {
    const [rows] = await tx.query(
      `UPDATE invoices SET status = 'FINALIZED', number = $3, ledger_transaction_id = $4, finalized_at = now(), updated_at = now() WHERE org_id = $1 AND id = $2 AND status = 'DRAFT' RETURNING ${INVOICE}`,
      [orgId, id, number, ledgerTransactionId],
    );
    return toInvoice(rows[0]);
  }

  async markPaid(tx: EntityManager, orgId: string, id: string, paidAt: Date, reference: string | null): Promise<void> {
    await tx.query(
      `UPDATE invoices SET status = 'PAID', paid_at = $3, payment_reference = $4, updated_at = now() WHERE org_id = $1 AND id = $2 AND status = 'FINALIZED'`,
      [orgId, id, paidAt, reference],
    );
  }

  async markVoid(tx: EntityManager, orgId: string, id: string, reason: string, creditNoteNumber: string | null): Promise<void> {
    await tx.query(
      `UPDATE invoices SET status = 'VOID', voided_at = now(), void_reason = $3, credit_note_number = $4, updated_at = now() WHERE org_id = $1 AND id = $2`,
      [orgId, id, reason, creditNoteNumber],
    );
  }

  /**
   * Everything an invoice computation reads besides usage, in one round trip:
   * the usage cutoff (database clock less the lag), the previous invoice's
   * cutoff, the prepaid balance, the coupons that apply and the FX rates to
   * the invoice currency in force at the period end.
   */
  async invoiceContext(
    tx: EntityManager,
    input: { orgId: string; subscriptionId: string; periodStart: Date; periodEnd: Date; currency: string; lagSeconds: number },
  ): Promise<{ cutoff: Date; previousCutoff: Date | null; prepaid: Decimal; coupons: CouponRow[]; fxRates: Map<string, Decimal> }> {
    const [row] = await tx.query(
      `SELECT now() - make_interval(secs => $6) AS cutoff,
              (SELECT usage_cutoff FROM invoices WHERE org_id = $1 AND subscription_id = $2 AND period_start < $3 AND status <> 'DRAFT' ORDER BY period_start DESC LIMIT 1) AS "previousCutoff",
              (${PREPAID_BALANCE_SQL('$1', '$5')}) AS prepaid,
              (SELECT coalesce(json_agg(json_build_object('base', f.base, 'rate', f.rate)), '[]') FROM (${FX_RATES_TO_SQL('$5', '$4')}) f) AS fx,
              (SELECT coalesce(json_agg(c.id), '[]') FROM coupons c WHERE c.org_id = $1 AND c.applies_from < $4) AS "couponIds"`,
      [input.orgId, input.subscriptionId, input.periodStart, input.periodEnd, input.currency, input.lagSeconds],
    );
    const coupons = row.couponIds.length ? await this.couponsFor(tx, input.orgId, input.subscriptionId, input.periodStart, input.periodEnd) : [];
    return {
      cutoff: row.cutoff,
      previousCutoff: row.previousCutoff,
      prepaid: new Dec(row.prepaid),
      coupons,
      fxRates: new Map(row.fx.map((r: { base: string; rate: string }) => [r.base, new Dec(r.rate)])),
    };
  }

  /** When the usage recorded in (after, upTo] for [since, before) occurred: the span late usage lines must cover. */
  async lateUsageSpan(q: Queryable, orgId: string, since: Date, before: Date, after: Date, upTo: Date): Promise<{ first: Date; last: Date } | null> {
    const [row] = await q.query(
      `SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM usage_events
        WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND recorded_at > $4 AND recorded_at <= $5 AND voided_at IS NULL`,
      [orgId, since, before, after, upTo],
    );
    return row?.first ? { first: row.first, last: row.last } : null;
  }

  /** Drafts whose grace period is over, oldest first. */
  async draftsDue(now: Date, limit: number): Promise<Array<{ orgId: string; id: string }>> {
    return this.dataSource.query(
      `SELECT org_id AS "orgId", id FROM invoices WHERE status = 'DRAFT' AND grace_ends_at <= $1 ORDER BY grace_ends_at, period_start LIMIT $2`,
      [now, limit],
    );
  }

  private figureParams(f: InvoiceFigures): unknown[] {
    return [
      f.currency,
      ...MONEY_FIELDS.map((field) => f[field].toFixed()),
      JSON.stringify(f.discounts),
      JSON.stringify(f.taxes),
      f.usageCutoff,
    ];
  }

  private async insertLines(tx: EntityManager, orgId: string, invoiceId: string, lines: readonly InvoiceLineRow[]): Promise<void> {
    if (lines.length === 0) return;
    await tx.query(
      `INSERT INTO invoice_lines (org_id, invoice_id, seq, kind, charge_code, description, quantity, unit_price, amount, unrounded_amount, taxable, service_start, service_end, details)
       SELECT $1, $2, t.* FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::boolean[],
                                     $12::timestamptz[], $13::timestamptz[], $14::jsonb[]) AS t`,
      [
        orgId,
        invoiceId,
        lines.map((l) => l.seq),
        lines.map((l) => l.kind),
        lines.map((l) => l.chargeCode),
        lines.map((l) => l.description),
        lines.map((l) => l.quantity.toFixed()),
        lines.map((l) => l.unitPrice.toFixed()),
        lines.map((l) => l.amount.toFixed()),
        lines.map((l) => l.unroundedAmount.toFixed()),
        lines.map((l) => l.taxable),
        lines.map((l) => l.serviceStart),
        lines.map((l) => l.serviceEnd),
        lines.map((l) => JSON.stringify(l.details)),
      ],
    );
  }
}
