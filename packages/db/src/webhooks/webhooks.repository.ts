import type { DataSource } from 'typeorm';

export interface WebhookEndpointRow {
  orgId: string;
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  active: boolean;
  createdAt: Date;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'RETRYING' | 'DEAD';

export interface WebhookDeliveryRow {
  orgId: string;
  id: string;
  endpointId: string;
  eventType: string;
  eventId: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const ENDPOINT = `org_id AS "orgId", id, url, secret, event_types AS "eventTypes", active, created_at AS "createdAt"`;
const DELIVERY = `org_id AS "orgId", id, endpoint_id AS "endpointId", event_type AS "eventType", event_id AS "eventId", payload, status, attempts,
  last_status_code AS "lastStatusCode", last_error AS "lastError", delivered_at AS "deliveredAt", created_at AS "createdAt"`;

/** Webhook endpoints and their delivery log. */
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertEndpoint(endpoint: Omit<WebhookEndpointRow, 'createdAt' | 'active'>, createdBy: string): Promise<WebhookEndpointRow> {
    const rows = await this.dataSource.query(
      `INSERT INTO webhook_endpoints (org_id, id, url, secret, event_types, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT}`,
      [endpoint.orgId, endpoint.id, endpoint.url, endpoint.secret, endpoint.eventTypes, createdBy],
    );
    return rows[0];
  }

  listEndpoints(orgId: string): Promise<WebhookEndpointRow[]> {
    return this.dataSource.query(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE org_id = $1 ORDER BY created_at`, [orgId]);
  }

  /** Deliveries of an event not yet delivered or given up on. */
  async undeliveredOf(orgId: string, eventId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM webhook_deliveries WHERE org_id = $1 AND event_id = $2 AND status IN ('PENDING', 'RETRYING')`,
      [orgId, eventId],
    );
    return rows.map((row) => row.id);
  }

  /** Active endpoints listening to an event type. */
  subscribers(orgId: string, eventType: string, q: Pick<DataSource, 'query'> = this.dataSource): Promise<WebhookEndpointRow[]> {
    return q.query(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE org_id = $1 AND active AND $2 = ANY(event_types)`, [orgId, eventType]);
  }

  /** One delivery per endpoint and event; returns the ones that are new. `q` lets a use case write them in its own transaction (outbox). */
  async insertDeliveries(rows: ReadonlyArray<{ orgId: string; id: string; endpointId: string; eventType: string; eventId: string; payload: unknown }>, q: Pick<DataSource, 'query'> = this.dataSource): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: Array<{ id: string }> = await q.query(
      `INSERT INTO webhook_deliveries (org_id, id, endpoint_id, event_type, event_id, payload)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::jsonb[])
       ON CONFLICT (org_id, endpoint_id, event_id) DO NOTHING RETURNING id`,
      [rows.map((r) => r.orgId), rows.map((r) => r.id), rows.map((r) => r.endpointId), rows.map((r) => r.eventType), rows.map((r) => r.eventId), rows.map((r) => JSON.stringify(r.payload))],
    );
    return inserted.map((row) => row.id);
  }

  async findDelivery(orgId: string, id: string): Promise<(WebhookDeliveryRow & { endpoint: WebhookEndpointRow }) | null> {
    const [delivery] = await this.dataSource.query(`SELECT ${DELIVERY} FROM webhook_deliveries WHERE org_id = $1 AND id = $2`, [orgId, id]);
    if (!delivery) return null;
    const [endpoint] = await this.dataSource.query(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE org_id = $1 AND id = $2`, [orgId, delivery.endpointId]);
    return { ...delivery, endpoint };
  }

  /** Records one attempt's outcome. */
  async recordAttempt(orgId: string, id: string, outcome: { status: DeliveryStatus; statusCode: number | null; error: string | null }): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5,
              delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() ELSE delivered_at END, updated_at = now()
        WHERE org_id = $1 AND id = $2`,
      [orgId, id, outcome.status, outcome.statusCode, outcome.error],
    );
  }

  listDeliveries(orgId: string, filter: { endpointId?: string | null; status?: DeliveryStatus | null }, limit: number): Promise<WebhookDeliveryRow[]> {
    const params: unknown[] = [orgId, limit];
    const where = ['org_id = $1'];
    if (filter.endpointId) where.push(`endpoint_id = $${params.push(filter.endpointId)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    return this.dataSource.query(`SELECT ${DELIVERY} FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }
}
