import type { MigrationInterface, QueryRunner } from 'typeorm';

const MONEY = 'numeric(38,12) NOT NULL';

/**
 * Invoices and what they are made of: billing settings of an org (invoice
 * prefix, tax rates, coupons), platform FX rates, per-org gapless number
 * sequences, and billing runs (one per subscription and period).
 *
 * PostgreSQL guards the two promises billing makes: one invoice per
 * subscription and period (unique key), and a finalized invoice never changes
 * (triggers: its amounts, number and lines are frozen; only the status moves
 * on to PAID or VOID).
 */
export class Invoices1764500000000 implements MigrationInterface {
  name = 'Invoices1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations ADD COLUMN invoice_prefix text CHECK (invoice_prefix ~ '^[A-Z0-9]{1,12}$')`);
    // Late usage is found by when it was recorded; recorded_at grows with insertion order, so a BRIN index is near free on ingest.
    await q.query(`CREATE INDEX usage_events_recorded_brin ON usage_events USING brin (recorded_at)`);
    await q.query(`
      CREATE TABLE org_tax_rates (
        org_id uuid NOT NULL REFERENCES organizations (id),
        position int NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        percent numeric(9,6) NOT NULL CHECK (percent >= 0 AND percent <= 100),
        PRIMARY KEY (org_id, position)
      )`);
    await q.query(`
      CREATE TABLE coupons (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        percent_off numeric(9,6) CHECK (percent_off > 0 AND percent_off <= 100),
        amount_off numeric(38,12) CHECK (amount_off > 0),
        currency char(3),
        duration_periods int CHECK (duration_periods > 0),
        applies_from timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
        CHECK ((amount_off IS NULL) = (currency IS NULL))
      )`);
    await q.query(`
      CREATE TABLE fx_rates (
        base char(3) NOT NULL,
        quote char(3) NOT NULL,
        effective_from timestamptz NOT NULL,
        rate numeric(38,12) NOT NULL CHECK (rate > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (base, quote, effective_from),
        CHECK (base <> quote)
      )`);
    await q.query(`
      CREATE TABLE invoice_sequences (
        org_id uuid NOT NULL REFERENCES organizations (id),
        kind text NOT NULL CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
        year int NOT NULL,
        last_value int NOT NULL CHECK (last_value > 0),
        PRIMARY KEY (org_id, kind, year)
      )`);
    await q.query(`
      CREATE TABLE invoices (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        subscription_id uuid NOT NULL,
        plan_id uuid NOT NULL REFERENCES plans (id),
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT', 'FINALIZED', 'PAID', 'VOID')),
        number text,
        credit_note_number text,
        currency char(3) NOT NULL,
        subtotal ${MONEY},
        discount_total ${MONEY},
        taxable_amount ${MONEY},
        tax_total ${MONEY},
        total ${MONEY},
        prepaid_applied ${MONEY},
        amount_due ${MONEY},
        discounts jsonb NOT NULL DEFAULT '[]',
        taxes jsonb NOT NULL DEFAULT '[]',
        usage_cutoff timestamptz NOT NULL,
        grace_ends_at timestamptz NOT NULL,
        finalized_at timestamptz,
        paid_at timestamptz,
        payment_reference text,
        voided_at timestamptz,
        void_reason text,
        ledger_transaction_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, subscription_id, period_start),
        UNIQUE (org_id, number),
        UNIQUE (org_id, credit_note_number),
        FOREIGN KEY (org_id, subscription_id) REFERENCES subscriptions (org_id, id),
        CHECK (period_end > period_start),
        CHECK (status <> 'DRAFT' OR number IS NULL),
        CHECK (status NOT IN ('FINALIZED', 'PAID') OR (number IS NOT NULL AND ledger_transaction_id IS NOT NULL)),
        CHECK (total = subtotal - discount_total + tax_total AND amount_due = total - prepaid_applied)
      )`);
    await q.query(`CREATE INDEX invoices_org_created ON invoices (org_id, period_start DESC, id DESC)`);
    await q.query(`CREATE INDEX invoices_drafts_due ON invoices (grace_ends_at) WHERE status = 'DRAFT'`);
    await q.query(`
      CREATE TABLE invoice_lines (
        org_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        seq int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PLAN_FEE', 'CHARGE', 'OVERAGE', 'LATE_USAGE', 'MINIMUM_COMMITMENT')),
        charge_code text,
        description text NOT NULL,
        quantity numeric(38,12) NOT NULL,
        unit_price numeric(38,12) NOT NULL,
        amount ${MONEY},
        unrounded_amount ${MONEY},
        taxable boolean NOT NULL,
        service_start timestamptz NOT NULL,
        service_end timestamptz NOT NULL,
        details jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (org_id, invoice_id, seq),
        FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id) ON DELETE CASCADE
      )`);
    // A finalized invoice is frozen: its figures and number stay; the status may only move on.
    await q.query(`
      CREATE FUNCTION tollgate_invoice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'DRAFT' THEN
          RETURN NEW;
        END IF;
        IF (NEW.subtotal, NEW.discount_total, NEW.tax_total, NEW.total, NEW.prepaid_applied, NEW.amount_due, NEW.number, NEW.period_start, NEW.period_end, NEW.usage_cutoff, NEW.discounts, NEW.taxes, NEW.ledger_transaction_id)
           IS DISTINCT FROM
           (OLD.subtotal, OLD.discount_total, OLD.tax_total, OLD.total, OLD.prepaid_applied, OLD.amount_due, OLD.number, OLD.period_start, OLD.period_end, OLD.usage_cutoff, OLD.discounts, OLD.taxes, OLD.ledger_transaction_id)
           OR OLD.status = 'VOID'
           OR (OLD.status = 'PAID' AND NEW.status <> 'PAID')
           OR NEW.status = 'DRAFT' THEN
          RAISE EXCEPTION 'invoice % is %: it cannot change', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER invoices_frozen BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION tollgate_invoice_frozen()`);
    await q.query(`CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices FOR EACH ROW WHEN (OLD.status <> 'DRAFT') EXECUTE FUNCTION tollgate_invoice_frozen()`);
    await q.query(`
      CREATE FUNCTION tollgate_invoice_lines_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        line_org uuid := COALESCE(NEW.org_id, OLD.org_id);
        line_invoice uuid := COALESCE(NEW.invoice_id, OLD.invoice_id);
      BEGIN
        IF EXISTS (SELECT 1 FROM invoices WHERE org_id = line_org AND id = line_invoice AND status <> 'DRAFT') THEN
          RAISE EXCEPTION 'invoice % is not a draft: its lines cannot change', line_invoice USING ERRCODE = 'check_violation';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await q.query(`CREATE TRIGGER invoice_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION tollgate_invoice_lines_frozen()`);
    await q.query(`
      CREATE TABLE billing_runs (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id text NOT NULL,
        subscription_id uuid NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
        stage text,
        attempts int NOT NULL DEFAULT 0,
        invoice_id uuid,
        error text,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, subscription_id, period_start),
        FOREIGN KEY (org_id, subscription_id) REFERENCES subscriptions (org_id, id)
      )`);
    await q.query(`CREATE INDEX billing_runs_org_created ON billing_runs (org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['billing_runs', 'invoice_lines', 'invoices', 'invoice_sequences', 'fx_rates', 'coupons', 'org_tax_rates']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION tollgate_invoice_lines_frozen()`);
    await q.query(`DROP FUNCTION tollgate_invoice_frozen()`);
    await q.query(`DROP INDEX usage_events_recorded_brin`);
    await q.query(`ALTER TABLE organizations DROP COLUMN invoice_prefix`);
  }
}
