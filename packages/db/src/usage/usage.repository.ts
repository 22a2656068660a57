import type { DataSource, EntityManager } from 'typeorm';
import { rollupUpsertSql } from './rollup-sql';
import { USAGE_EVENT_COLUMNS, type UsageEventRow } from './usage-event-row';

/** What is stored for an idempotency key, to answer a replay or detect a conflict. */
export interface StoredUsageResult {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  cost: string;
  currency: string;
  credits: string;
  occurredAt: Date;
  voidedAt: Date | null;
}

const COLUMN_LIST = USAGE_EVENT_COLUMNS.map(([column]) => column).join(', ');
const UNNEST = USAGE_EVENT_COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
const INSERT_EVENTS_SQL = `
  WITH input AS (
    SELECT * FROM unnest(${UNNEST}) AS t(${COLUMN_LIST})
  ), inserted AS (
    INSERT INTO usage_events (org_id, ${COLUMN_LIST})
    SELECT $1, ${COLUMN_LIST} FROM input
    ON CONFLICT (org_id, idempotency_key) DO NOTHING
    RETURNING *
  ), rolled AS (${rollupUpsertSql('inserted', 1)})
  SELECT idempotency_key AS "idempotencyKey" FROM inserted`;

const STORED_RESULT_COLUMNS = `id, idempotency_key AS "idempotencyKey", request_hash AS "requestHash", cost::text AS cost, currency,
  credits::text AS credits, occurred_at AS "occurredAt", voided_at AS "voidedAt"`;

/** Storage of usage events and their rollups. */
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the events whose idempotency key is new, in one statement that
   * also adds them to the rollups; returns the keys that were new.
   */
  async insertNew(tx: EntityManager, orgId: string, rows: readonly UsageEventRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const params = [orgId, ...USAGE_EVENT_COLUMNS.map(([, , value]) => rows.map(value))];
    const inserted: Array<{ idempotencyKey: string }> = await tx.query(INSERT_EVENTS_SQL, params);
    return new Set(inserted.map((row) => row.idempotencyKey));
  }

  /** Stored results for idempotency keys (replays and conflicts). */
  findByIdempotencyKeys(orgId: string, keys: readonly string[], tx?: EntityManager): Promise<StoredUsageResult[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return (tx ?? this.dataSource.manager).query(
      `SELECT ${STORED_RESULT_COLUMNS} FROM usage_events WHERE org_id = $1 AND idempotency_key = ANY($2::text[])`,
      [orgId, keys],
    );
  }

  /**
   * Marks an event void and takes it out of the rollups, once: returns what
   * the reversal must undo, or null when the event is unknown or already void.
   */
  async voidEvent(tx: EntityManager, orgId: string, eventId: string, reason: string, voidTransactionId: string): Promise<VoidedEvent | null> {
    const rows: VoidedEvent[] = await tx.query(
      `WITH voided AS (
         UPDATE usage_events SET voided_at = now(), void_reason = $3, void_transaction_id = $4
          WHERE org_id = $1 AND id = $2 AND voided_at IS NULL
          RETURNING *
       ), rolled AS (${rollupUpsertSql('voided', -1)})
       SELECT id, project_id AS "projectId", cost::text AS cost, currency, credits::text AS credits,
              ledger_transaction_id AS "ledgerTransactionId" FROM voided`,
      [orgId, eventId, reason, voidTransactionId],
    );
    return rows[0] ?? null;
  }

  async findEventState(orgId: string, eventId: string): Promise<{ voidedAt: Date | null } | null> {
    const rows = await this.dataSource.query(`SELECT voided_at AS "voidedAt" FROM usage_events WHERE org_id = $1 AND id = $2`, [orgId, eventId]);
    return rows[0] ?? null;
  }
}

export interface VoidedEvent {
  id: string;
  projectId: string | null;
  cost: string;
  currency: string;
  credits: string;
  ledgerTransactionId: string;
}
