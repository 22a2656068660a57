import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Quota plans (tiers) and which org or user each applies to. */
export class Quotas1764300000000 implements MigrationInterface {
  name = 'Quotas1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quota_assignments (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        subject_type text NOT NULL CHECK (subject_type IN ('ORG', 'USER')),
        subject_id text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('FREE', 'STANDARD', 'ENTERPRISE', 'CUSTOM')),
        period text NOT NULL CHECK (period IN ('HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY')),
        credit_allowance numeric(38,12) CHECK (credit_allowance >= 0),
        requests_per_minute int CHECK (requests_per_minute > 0),
        tokens_per_minute int CHECK (tokens_per_minute > 0),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, subject_type, subject_id),
        CHECK ((subject_type = 'ORG') = (subject_id = ''))
      )`);
    // Credits bought for a quota count on top of its allowance for the period they are bought in.
    await q.query(`
      CREATE TABLE quota_top_ups (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        subject_type text NOT NULL CHECK (subject_type IN ('ORG', 'USER')),
        subject_id text NOT NULL,
        credits numeric(38,12) NOT NULL CHECK (credits > 0),
        ledger_transaction_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, ledger_transaction_id) REFERENCES ledger_transactions (org_id, id)
      )`);
    await q.query(`CREATE INDEX quota_top_ups_by_subject ON quota_top_ups (org_id, created_at, subject_type, subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quota_top_ups`);
    await q.query(`DROP TABLE quota_assignments`);
  }
}
