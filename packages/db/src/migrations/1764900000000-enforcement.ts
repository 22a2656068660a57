import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What enforcement needs to be exact through faults: the booking outbox
 * (usage committed but not yet applied to the Redis counters, replayed after
 * a crash), the drift the worker's reconciliation finds and corrects, and a
 * version of each org's limits that cached copies are checked against.
 */
export class Enforcement1764900000000 implements MigrationInterface {
  name = 'Enforcement1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE counter_bookings (
        org_id uuid NOT NULL REFERENCES organizations (id),
        -- The usage batch (its ledger transaction id).
        batch_id uuid NOT NULL,
        -- [{ key, amounts: { cost, credits, tokens, requests } }] in counter units.
        bookings jsonb NOT NULL,
        reservation_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, batch_id)
      )`);
    await q.query(`CREATE INDEX counter_bookings_created ON counter_bookings (created_at)`);
    await q.query(`
      CREATE TABLE counter_drift (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        limit_id uuid NOT NULL,
        limit_kind text NOT NULL CHECK (limit_kind IN ('BUDGET', 'QUOTA')),
        window_start timestamptz NOT NULL,
        -- Redis minus PostgreSQL when found.
        cost numeric(38,12) NOT NULL,
        credits numeric(38,12) NOT NULL,
        tokens bigint NOT NULL,
        requests bigint NOT NULL,
        corrected boolean NOT NULL,
        found_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`CREATE INDEX counter_drift_recent ON counter_drift (org_id, found_at DESC)`);
    // Reservation ids are UUIDv7 and a reservation lives at most an hour, so the open ones are a range of the
    // primary key (org_id, id) from an hour ago: no other index to maintain on the hot path (the GIN index
    // cost an entry per limit held), and settling one is a HOT update.
    await q.query(`DROP INDEX budget_reservations_open`);
    // The run id of each Redis node last seen by a deployment: a new one with data of its own means counters
    // that may be stale (restored snapshot, failover), dropped once and rebuilt. Platform data, not a tenant's.
    await q.query(`
      CREATE TABLE redis_epochs (
        deployment text NOT NULL,
        node text NOT NULL,
        run_id text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (deployment, node)
      )`);
    // Bumped by every change to what an org's limits count, under an exclusive per-org advisory lock that
    // usage transactions hold shared: a process with stale cached limits finds out before it commits.
    await q.query(`
      CREATE TABLE org_limit_versions (
        org_id uuid PRIMARY KEY REFERENCES organizations (id),
        version bigint NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE org_limit_versions`);
    await q.query(`DROP TABLE redis_epochs`);
    await q.query(`CREATE INDEX budget_reservations_open ON budget_reservations USING gin (budget_ids) WHERE settled_at IS NULL`);
    await q.query(`DROP TABLE counter_drift`);
    await q.query(`DROP TABLE counter_bookings`);
  }
}
