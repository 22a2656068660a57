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
}
