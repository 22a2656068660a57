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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quota_assignments`);
  }
}
