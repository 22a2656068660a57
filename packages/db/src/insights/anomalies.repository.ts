import { Dec } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import type { SpendDimension, SpendSeriesKey } from './spend-by-hour.repository';

export type AnomalySeverityLevel = 'WARNING' | 'CRITICAL';
export type AnomalyStatus = 'OPEN' | 'ACKNOWLEDGED';

export interface AnomalyRow extends SpendSeriesKey {
  orgId: string;
  id: string;
  firstHour: Date;
  lastHour: Date;
  hours: number;
  /** Sums over the anomaly's hours. */
  expected: Decimal;
  actual: Decimal;
  peakHour: Date;
  peakExpected: Decimal;
  peakActual: Decimal;
  score: number;
  severity: AnomalySeverityLevel;
  method: string;
  status: AnomalyStatus;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One anomalous hour of one series, as scored. */
export interface AnomalousHour extends SpendSeriesKey {
  orgId: string;
  id: string;
  hour: Date;
  expected: Decimal;
  actual: Decimal;
  score: number;
  severity: AnomalySeverityLevel;
  method: string;
}

export interface AnomalyFilter {
  dimension?: SpendDimension | null;
  status?: AnomalyStatus | null;
  since?: Date | null;
}

const COLUMNS = `org_id AS "orgId", id, dimension, key, trim(currency) AS currency, first_hour AS "firstHour", last_hour AS "lastHour", hours,
  expected::text AS expected, actual::text AS actual, peak_hour AS "peakHour", peak_expected::text AS "peakExpected", peak_actual::text AS "peakActual",
  score, severity, method, status, acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

const toRow = (raw: Record<string, unknown>): AnomalyRow => {
  const row = raw as unknown as AnomalyRow & Record<'expected' | 'actual' | 'peakExpected' | 'peakActual', string>;
  return {
    ...row,
    expected: new Dec(row.expected),
    actual: new Dec(row.actual),
    peakExpected: new Dec(row.peakExpected),
    peakActual: new Dec(row.peakActual),
  };
};

/** Anomalies found by the spend watch: one row per incident (a run of consecutive anomalous hours of a series). */
export class AnomaliesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an anomalous hour: it extends the series' anomaly that ended the
   * hour before, or starts a new one. Idempotent: an hour already recorded
   * changes nothing. `started` says whether this hour opened a new anomaly.
   */
  async record(hour: AnomalousHour): Promise<{ anomaly: AnomalyRow; started: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const series = [hour.orgId, hour.dimension, hour.key, hour.currency];
      const [latest] = await tx.query(
        `SELECT ${COLUMNS} FROM anomalies WHERE org_id = $1 AND dimension = $2 AND key = $3 AND currency = $4
          ORDER BY last_hour DESC LIMIT 1 FOR UPDATE`,
        series,
      );
      const current = latest ? toRow(latest) : null;
      if (current && current.firstHour <= hour.hour && current.lastHour >= hour.hour) return { anomaly: current, started: false };
      if (current && current.lastHour.getTime() === hour.hour.getTime() - 3_600_000) {
        const peak = hour.score > current.score;
        const [rows] = await tx.query(
          `UPDATE anomalies SET last_hour = $3, hours = hours + 1, expected = expected + $4, actual = actual + $5,
                  score = GREATEST(score, $6), severity = CASE WHEN $7 = 'CRITICAL' THEN 'CRITICAL' ELSE severity END,
                  peak_hour = CASE WHEN $8 THEN $3 ELSE peak_hour END, peak_expected = CASE WHEN $8 THEN $4 ELSE peak_expected END,
                  peak_actual = CASE WHEN $8 THEN $5 ELSE peak_actual END, updated_at = now()
            WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [hour.orgId, current.id, hour.hour, hour.expected.toFixed(), hour.actual.toFixed(), hour.score, hour.severity, peak],
        );
        return { anomaly: toRow(rows[0]), started: false };
      }
      const rows = await tx.query(
        `INSERT INTO anomalies (org_id, id, dimension, key, currency, first_hour, last_hour, expected, actual, peak_hour, peak_expected, peak_actual, score, severity, method)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (org_id, dimension, key, currency, first_hour) DO UPDATE SET updated_at = anomalies.updated_at
         RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
        [hour.orgId, hour.id, hour.dimension, hour.key, hour.currency, hour.hour, hour.expected.toFixed(), hour.actual.toFixed(), hour.score, hour.severity, hour.method],
      );
      return { anomaly: toRow(rows[0]), started: rows[0].inserted === true };
    });
  }

  async find(orgId: string, id: string): Promise<AnomalyRow | null> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM anomalies WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Newest first, by first anomalous hour. */
  async list(orgId: string, filter: AnomalyFilter, limit: number): Promise<AnomalyRow[]> {
    const params: unknown[] = [orgId, limit];
    const where = ['org_id = $1'];
    if (filter.dimension) where.push(`dimension = $${params.push(filter.dimension)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.since) where.push(`last_hour >= $${params.push(filter.since)}`);
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM anomalies WHERE ${where.join(' AND ')} ORDER BY first_hour DESC, id DESC LIMIT $2`, params);
    return rows.map(toRow);
  }

  /** Marks an anomaly seen (once: the first acknowledger is kept); null when unknown. */
  async acknowledge(orgId: string, id: string, actor: string): Promise<AnomalyRow | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE anomalies SET status = 'ACKNOWLEDGED', acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3), updated_at = now()
        WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [orgId, id, actor],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }
}
