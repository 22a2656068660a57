import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets, their reservations and alerts.
 *
 * Reservations live in Redis for speed and here for truth: when Redis loses
 * its counters, they are rebuilt from usage events plus the reservations
 * that are neither settled nor expired, so a flush never reads as zero.
 */
export class BudgetsAndAlerts1764100000000 implements MigrationInterface {
  name = 'BudgetsAndAlerts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budgets (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        project_id uuid,
        user_id text,
        provider text,
        model text,
        category text,
        feature text,
        tags jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(tags) = 'object'),
        period text NOT NULL CHECK (period IN ('HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY', 'TOTAL', 'CUSTOM')),
        custom_start timestamptz,
        custom_end timestamptz,
        currency char(3) NOT NULL,
        cost_limit numeric(38,12) CHECK (cost_limit >= 0),
        credit_limit numeric(38,12) CHECK (credit_limit >= 0),
        token_limit bigint CHECK (token_limit >= 0),
        request_limit bigint CHECK (request_limit >= 0),
        thresholds numeric[] NOT NULL,
        warning_percent numeric NOT NULL,
        critical_percent numeric NOT NULL,
        action text NOT NULL CHECK (action IN ('WARN', 'BLOCK', 'THROTTLE', 'NOTIFY')),
        throttle_per_minute int CHECK (throttle_per_minute > 0),
        auto_suspend boolean NOT NULL DEFAULT false,
        suspended_at timestamptz,
        reset_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id),
        CHECK (period <> 'CUSTOM' OR (custom_start IS NOT NULL AND custom_end > custom_start)),
        CHECK (cost_limit IS NOT NULL OR credit_limit IS NOT NULL OR token_limit IS NOT NULL OR request_limit IS NOT NULL),
        CHECK (action <> 'THROTTLE' OR throttle_per_minute IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX budgets_live ON budgets (org_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE budget_reservations (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        budget_ids uuid[] NOT NULL,
        cost numeric(38,12) NOT NULL CHECK (cost >= 0),
        credits numeric(38,12) NOT NULL CHECK (credits >= 0),
        tokens bigint NOT NULL CHECK (tokens >= 0),
        requests int NOT NULL CHECK (requests >= 0),
        expires_at timestamptz NOT NULL,
        settled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`CREATE INDEX budget_reservations_open ON budget_reservations USING gin (budget_ids) WHERE settled_at IS NULL`);
    await q.query(`
      CREATE TABLE alerts (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        budget_id uuid,
        type text NOT NULL CHECK (type IN ('THRESHOLD_WARNING', 'THRESHOLD_CRITICAL', 'LIMIT_EXCEEDED', 'FORECAST_OVERRUN', 'ANOMALY', 'POLICY_VIOLATION')),
        severity text NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
        threshold numeric,
        period_start timestamptz,
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        resolved_by text,
        PRIMARY KEY (org_id, id)
      )`);
    // A threshold fires once per budget period, however many processes see it cross.
    await q.query(`CREATE UNIQUE INDEX alerts_once_per_period ON alerts (org_id, budget_id, type, threshold, period_start) WHERE threshold IS NOT NULL`);
    await q.query(`CREATE INDEX alerts_by_time ON alerts (org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['alerts', 'budget_reservations', 'budgets']) await q.query(`DROP TABLE ${table}`);
  }
}
