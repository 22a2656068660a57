import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chargebacks: cost centers, rules that map projects, users and tags to them,
 * and monthly statements (written once per org, month and cost center).
 */
export class Chargebacks1764600000000 implements MigrationInterface {
  name = 'Chargebacks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cost_centers (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        account text NOT NULL CHECK (length(account) BETWEEN 1 AND 64),
        shared_percent numeric(9,6) CHECK (shared_percent >= 0 AND shared_percent <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, code)
      )`);
    await q.query(`
      CREATE TABLE allocation_rules (
        org_id uuid NOT NULL,
        id uuid NOT NULL,
        cost_center_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PROJECT', 'USER', 'TAG')),
        match_key text NOT NULL CHECK (length(match_key) BETWEEN 1 AND 200),
        match_value text NOT NULL DEFAULT '',
        priority int NOT NULL DEFAULT 100,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, kind, match_key, match_value),
        FOREIGN KEY (org_id, cost_center_id) REFERENCES cost_centers (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE chargeback_statements (
        org_id uuid NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        cost_center_id uuid NOT NULL,
        currency char(3) NOT NULL,
        direct numeric(38,12) NOT NULL,
        shared numeric(38,12) NOT NULL,
        total numeric(38,12) NOT NULL CHECK (total = direct + shared),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, period_start, cost_center_id),
        FOREIGN KEY (org_id, cost_center_id) REFERENCES cost_centers (org_id, id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['chargeback_statements', 'allocation_rules', 'cost_centers']) await q.query(`DROP TABLE ${table}`);
  }
}
