import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans are the operator's price list (reference rows, like the price
 * catalog); subscriptions put an org on a plan. Plan changes are kept as
 * history so invoices can prorate them.
 */
export class PlansAndSubscriptions1764400000000 implements MigrationInterface {
  name = 'PlansAndSubscriptions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        currency char(3) NOT NULL,
        billing_interval text NOT NULL CHECK (billing_interval IN ('MONTHLY', 'QUARTERLY', 'YEARLY')),
        base_fee numeric(38,12) NOT NULL CHECK (base_fee >= 0),
        included_credits numeric(38,12) NOT NULL DEFAULT 0 CHECK (included_credits >= 0),
        minimum_commitment numeric(38,12) NOT NULL DEFAULT 0 CHECK (minimum_commitment >= 0),
        charges jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(charges) = 'array'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE subscriptions (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        plan_id uuid NOT NULL REFERENCES plans (id),
        anchor text NOT NULL CHECK (anchor IN ('CALENDAR', 'ANNIVERSARY')),
        started_at timestamptz NOT NULL,
        ends_at timestamptz,
        pending_plan_id uuid REFERENCES plans (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        CHECK (ends_at IS NULL OR ends_at > started_at)
      )`);
    await q.query(`
      CREATE TABLE subscription_plan_changes (
        org_id uuid NOT NULL,
        id uuid NOT NULL,
        subscription_id uuid NOT NULL,
        from_plan_id uuid NOT NULL REFERENCES plans (id),
        to_plan_id uuid NOT NULL REFERENCES plans (id),
        kind text NOT NULL CHECK (kind IN ('UPGRADE', 'DOWNGRADE')),
        effective_at timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, subscription_id) REFERENCES subscriptions (org_id, id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['subscription_plan_changes', 'subscriptions', 'plans']) await q.query(`DROP TABLE ${table}`);
  }
}
