import type { DataSource } from 'typeorm';

export const SPEND_DIMENSIONS = ['ORGANIZATION', 'PROJECT', 'MODEL', 'USER'] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

/** One series the watch follows: an org, a project, a provider/model or an end user, in one currency. */
export interface SpendSeriesKey {
  dimension: SpendDimension;
  key: string;
  currency: string;
}

/** Hourly costs of one series (numerics as text), oldest first; hours without spend are absent. */
export interface SpendSeriesHistory extends SpendSeriesKey {
  points: Array<{ hour: Date; cost: string }>;
}

/**
 * Hourly spend per org, project, model and end user, kept by the spend watch:
 * each scan rewrites its recent hours from the rollups (and, for users, from
 * the events), so late usage is counted, and reads whole windows cheaply.
 */
export class SpendByHourRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Orgs that spent (or voided) anything in [from, to), found through the rollups' BRIN index. */
  async orgsWithUsage(from: Date, to: Date): Promise<string[]> {
    const rows: Array<{ orgId: string }> = await this.dataSource.query(
      `SELECT DISTINCT org_id AS "orgId" FROM usage_rollups WHERE bucket_start >= $1 AND bucket_start < $2 ORDER BY 1`,
      [from, to],
    );
    return rows.map((row) => row.orgId);
  }

  /** The hour up to which an org's series were rebuilt and scanned (exclusive), if ever. */
  async scannedThrough(orgId: string): Promise<Date | null> {
    const rows: Array<{ at: Date }> = await this.dataSource.query(`SELECT scanned_through AS at FROM spend_scans WHERE org_id = $1`, [orgId]);
    return rows[0]?.at ?? null;
  }

  async markScanned(orgId: string, through: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO spend_scans (org_id, scanned_through) VALUES ($1, $2)
       ON CONFLICT (org_id) DO UPDATE SET scanned_through = GREATEST(spend_scans.scanned_through, excluded.scanned_through)`,
      [orgId, through],
    );
  }

  /** Rewrites the org's hours in [from, to) from what is recorded now, in one transaction. */
  async rebuild(orgId: string, from: Date, to: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const range = [orgId, from, to];
      await tx.query(`DELETE FROM spend_by_hour WHERE org_id = $1 AND hour >= $2 AND hour < $3`, range);
      await tx.query(
        `INSERT INTO spend_by_hour (org_id, dimension, key, currency, hour, cost, requests)
         SELECT r.org_id, d.dimension, d.key, r.currency, date_trunc('hour', r.bucket_start, 'UTC'), sum(r.cost), sum(r.events)
           FROM usage_rollups r
          CROSS JOIN LATERAL (VALUES ('ORGANIZATION', ''), ('PROJECT', r.project_id),
                                     ('MODEL', CASE WHEN r.model = '' THEN '' ELSE r.provider || '/' || r.model END)) AS d (dimension, key)
          WHERE r.org_id = $1 AND r.bucket_start >= $2 AND r.bucket_start < $3 AND (d.dimension = 'ORGANIZATION' OR d.key <> '')
          GROUP BY 1, 2, 3, 4, 5
         HAVING sum(r.events) <> 0`,
        range,
      );
      await tx.query(
        `INSERT INTO spend_by_hour (org_id, dimension, key, currency, hour, cost, requests)
         SELECT org_id, 'USER', user_id, currency, date_trunc('hour', occurred_at, 'UTC'), sum(cost), count(*)
           FROM usage_events
          WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND user_id IS NOT NULL AND voided_at IS NULL
          GROUP BY 1, 2, 3, 4, 5`,
        range,
      );
    });
  }

  /** The first hour the org spent in, within [from, ...), or null. */
  async firstHour(orgId: string, from: Date): Promise<Date | null> {
    const rows: Array<{ hour: Date | null }> = await this.dataSource.query(
      `SELECT min(hour) AS hour FROM spend_by_hour WHERE org_id = $1 AND dimension = 'ORGANIZATION' AND hour >= $2`,
      [orgId, from],
    );
    return rows[0]?.hour ?? null;
  }

  /**
   * Histories over [from, hour] of the series that spent at least `minHourCost`
   * in `hour` and at least `minWindowCost` over the whole range: the only ones
   * that can be anomalous, so quiet series are never read.
   */
  async candidateHistories(orgId: string, from: Date, hour: Date, minHourCost: string, minWindowCost: string): Promise<SpendSeriesHistory[]> {
    const rows: Array<SpendSeriesKey & { hour: Date; cost: string }> = await this.dataSource.query(
      // LATERAL per candidate series: one index range each, whatever the planner believes of a table the scan just refilled.
      `WITH candidates AS MATERIALIZED (
         SELECT c.dimension, c.key, c.currency
           FROM spend_by_hour c
          CROSS JOIN LATERAL (SELECT sum(w.cost) AS total FROM spend_by_hour w
                               WHERE w.org_id = $1 AND w.dimension = c.dimension AND w.key = c.key AND w.currency = c.currency
                                 AND w.hour >= $2 AND w.hour <= $3) AS window_total
          WHERE c.org_id = $1 AND c.hour = $3 AND c.cost >= $4::numeric AND window_total.total >= $5::numeric
       )
       SELECT c.dimension, c.key, trim(c.currency) AS currency, s.hour, s.cost::text AS cost
         FROM candidates c
        CROSS JOIN LATERAL (SELECT hour, cost FROM spend_by_hour s
                             WHERE s.org_id = $1 AND s.dimension = c.dimension AND s.key = c.key AND s.currency = c.currency
                               AND s.hour >= $2 AND s.hour <= $3) AS s
        ORDER BY c.dimension, c.key, c.currency, s.hour`,
      [orgId, from, hour, minHourCost, minWindowCost],
    );
    const series = new Map<string, SpendSeriesHistory>();
    for (const row of rows) {
      const id = `${row.dimension}\u0000${row.key}\u0000${row.currency}`;
      let history = series.get(id);
      if (!history) series.set(id, (history = { dimension: row.dimension, key: row.key, currency: row.currency, points: [] }));
      history.points.push({ hour: row.hour, cost: row.cost });
    }
    return [...series.values()];
  }

  /** Drops hours older than `before` (the watch never reads them again). */
  async prune(orgId: string, before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM spend_by_hour WHERE org_id = $1 AND hour < $2`, [orgId, before]);
  }
}
