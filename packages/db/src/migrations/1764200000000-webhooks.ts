import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints and the log of every delivery attempt's outcome. */
export class Webhooks1764200000000 implements MigrationInterface {
  name = 'Webhooks1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        url text NOT NULL CHECK (url ~ '^https?://'),
        secret text NOT NULL CHECK (length(secret) >= 16),
        event_types text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        org_id uuid NOT NULL,
        id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        event_type text NOT NULL,
        event_id uuid NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'RETRYING', 'DEAD')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, endpoint_id, event_id),
        FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints (org_id, id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
