import type { DataSource } from 'typeorm';

export type AlertType = 'THRESHOLD_WARNING' | 'THRESHOLD_CRITICAL' | 'LIMIT_EXCEEDED' | 'FORECAST_OVERRUN' | 'ANOMALY' | 'POLICY_VIOLATION';
export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';
export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface AlertRow {
  orgId: string;
  id: string;
  budgetId: string | null;
  type: AlertType;
  severity: AlertSeverity;
  threshold: number | null;
  periodStart: Date | null;
  message: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface AlertFilter {
  budgetId?: string | null;
  type?: AlertType | null;
  status?: AlertStatus | null;
  since?: Date | null;
}

const COLUMNS = `org_id AS "orgId", id, budget_id AS "budgetId", type, severity, threshold::float8 AS threshold, period_start AS "periodStart",
  message, details, status, created_at AS "createdAt", acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy",
  resolved_at AS "resolvedAt", resolved_by AS "resolvedBy"`;

/** Alerts: a threshold alert is stored once per budget, threshold and period, whoever raises it. */
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the alert unless it already exists (same id) or its (budget, type, threshold, period) already fired; returns it only when new. */
  async insertOnce(alert: Omit<AlertRow, 'status' | 'createdAt' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy'>): Promise<AlertRow | null> {
    const rows = await this.dataSource.query(
      `INSERT INTO alerts (org_id, id, budget_id, type, severity, threshold, period_start, message, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [alert.orgId, alert.id, alert.budgetId, alert.type, alert.severity, alert.threshold, alert.periodStart, alert.message, JSON.stringify(alert.details)],
    );
    return rows[0] ?? null;
  }

  async list(orgId: string, filter: AlertFilter, limit: number): Promise<AlertRow[]> {
    const params: unknown[] = [orgId, limit];
    const where = ['org_id = $1'];
    if (filter.budgetId) where.push(`budget_id = $${params.push(filter.budgetId)}`);
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.since) where.push(`created_at >= $${params.push(filter.since)}`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /** Moves an alert forward (OPEN → ACKNOWLEDGED → RESOLVED); null when unknown. */
  async transition(orgId: string, id: string, to: 'ACKNOWLEDGED' | 'RESOLVED', actor: string): Promise<AlertRow | null> {
    const set = to === 'ACKNOWLEDGED'
      ? `status = CASE WHEN status = 'OPEN' THEN 'ACKNOWLEDGED' ELSE status END, acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)`
      : `status = 'RESOLVED', resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $3)`;
    const [rows] = await this.dataSource.query(`UPDATE alerts SET ${set} WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [orgId, id, actor]);
    return rows[0] ?? null;
  }
}
