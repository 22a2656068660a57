import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the hourly spend watch needs: hourly spend per org, project, model and
 * end user (kept by the scan itself, so neither the rollups nor ingest grow a
 * user dimension), the anomalies it finds, and how far each org was scanned.
 */
export class SpendInsights1764800000000 implements MigrationInterface {
  name = 'SpendInsights1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spend_by_hour (
        org_id uuid NOT NULL REFERENCES organizations (id),
        dimension text NOT NULL CHECK (dimension IN ('ORGANIZATION', 'PROJECT', 'MODEL', 'USER')),
        -- '' for the organization, a project id, 'provider/model' or a user id.
        key text NOT NULL,
        currency char(3) NOT NULL,
        hour timestamptz NOT NULL CHECK (extract(epoch FROM hour)::bigint % 3600 = 0),
        cost numeric(38,12) NOT NULL,
        requests bigint NOT NULL,
        PRIMARY KEY (org_id, hour, dimension, key, currency)
      )`);
    await q.query(`CREATE INDEX spend_by_hour_series ON spend_by_hour (org_id, dimension, key, currency, hour)`);
    await q.query(`
      CREATE TABLE spend_scans (
        org_id uuid PRIMARY KEY REFERENCES organizations (id),
        scanned_through timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE anomalies (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        dimension text NOT NULL CHECK (dimension IN ('ORGANIZATION', 'PROJECT', 'MODEL', 'USER')),
        key text NOT NULL,
        currency char(3) NOT NULL,
        first_hour timestamptz NOT NULL,
        -- Consecutive anomalous hours of one series extend one anomaly (one alert per incident).
        last_hour timestamptz NOT NULL CHECK (last_hour >= first_hour),
        hours int NOT NULL DEFAULT 1 CHECK (hours >= 1),
        expected numeric(38,12) NOT NULL CHECK (expected >= 0),
        actual numeric(38,12) NOT NULL CHECK (actual >= 0),
        peak_hour timestamptz NOT NULL,
        peak_expected numeric(38,12) NOT NULL,
        peak_actual numeric(38,12) NOT NULL,
        score float8 NOT NULL,
        severity text NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
        method text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED')),
        acknowledged_at timestamptz,
        acknowledged_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, dimension, key, currency, first_hour)
      )`);
    await q.query(`CREATE INDEX anomalies_by_time ON anomalies (org_id, first_hour DESC, id DESC)`);
    await q.query(`CREATE INDEX anomalies_latest_of_series ON anomalies (org_id, dimension, key, currency, last_hour DESC)`);
    // Which orgs spent in an hour, without a scan of every org's rollups: rollup rows arrive in time order.
    await q.query(`CREATE INDEX usage_rollups_bucket_brin ON usage_rollups USING brin (bucket_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage_rollups_bucket_brin`);
    for (const table of ['anomalies', 'spend_scans', 'spend_by_hour']) await q.query(`DROP TABLE ${table}`);
  }
}
