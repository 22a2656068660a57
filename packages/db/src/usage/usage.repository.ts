import type { DataSource, EntityManager } from 'typeorm';
import type { TokenCounts } from '@tollgate/core';
import type { ReportFilter } from '../reports/usage-report.repository';
import { preparedQuery } from '../prepared-query';
import { scopeConditions } from '../scope-filter';
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
   * Inserts the events whose idempotency key is new and adds them to the
   * 15-minute rollups, in one statement; returns the keys that were new.
   * Rollup rows are hot (one per org, model and quarter hour): callers keep
   * the rest of the transaction short, and single events of one caller are
   * coalesced so they do not queue on those rows.
   */
  async insertNew(tx: EntityManager, orgId: string, rows: readonly UsageEventRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const params = [orgId, ...USAGE_EVENT_COLUMNS.map(([, , value]) => rows.map(value))];
    const inserted = await preparedQuery<{ idempotencyKey: string }>(tx, 'tollgate_insert_usage_events', INSERT_EVENTS_SQL, params);
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

  /** A page of events, newest first, after an (occurredAt, id) position. */
  async page(orgId: string, filter: UsageEventFilter, limit: number, after: { at: Date; id: string } | null): Promise<UsageEventView[]> {
    const params: unknown[] = [orgId, limit];
    const where = ['org_id = $1'];
    if (!filter.includeVoided) where.push('voided_at IS NULL');
    if (filter.from) where.push(`occurred_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`occurred_at < $${params.push(filter.to)}`);
    if (filter.sessionId != null) where.push(`session_id = $${params.push(filter.sessionId)}`);
    where.push(...scopeConditions({ ...filter, tags: filter.tag ? { [filter.tag.key]: filter.tag.value } : null }, params));
    if (after) {
      params.push(after.at.toISOString(), after.id);
      where.push(`(occurred_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.dataSource.query(
      `SELECT ${EVENT_VIEW_COLUMNS} FROM usage_events WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      params,
    );
  }

  /** Counts for the org's dashboard. */
  async stats(orgId: string): Promise<{ events: number; voidedEvents: number; firstEventAt: Date | null; lastEventAt: Date | null }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE voided_at IS NULL)::bigint AS events, count(*) FILTER (WHERE voided_at IS NOT NULL)::bigint AS "voidedEvents",
              min(occurred_at) AS "firstEventAt", max(occurred_at) AS "lastEventAt"
         FROM usage_events WHERE org_id = $1`,
      [orgId],
    );
    return { ...row, events: Number(row.events), voidedEvents: Number(row.voidedEvents) };
  }

  /**
   * Deletes raw events that occurred before `before`, in chunks so no lock is
   * held long. Rollups and the ledger keep their totals; returns how many went.
   */
  async purgeBefore(orgId: string, before: Date, chunk = 10_000): Promise<number> {
    let purged = 0;
    for (;;) {
      const result: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM usage_events WHERE org_id = $1 AND id IN (
           SELECT id FROM usage_events WHERE org_id = $1 AND occurred_at < $2 LIMIT $3)`,
        [orgId, before.toISOString(), chunk],
      );
      const deleted = result[1];
      purged += deleted;
      if (deleted < chunk) return purged;
    }
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

export interface UsageEventFilter extends ReportFilter {
  from?: Date | null;
  to?: Date | null;
  includeVoided?: boolean | null;
}

/** An event as read back, numerics as text. */
export interface UsageEventView extends TokenCounts {
  id: string;
  idempotencyKey: string;
  occurredAt: Date;
  recordedAt: Date;
  provider: string | null;
  model: string | null;
  projectId: string | null;
  userId: string | null;
  sessionId: string | null;
  feature: string | null;
  category: string;
  tags: Record<string, string>;
  cost: string;
  currency: string;
  credits: string;
  costSource: string;
  latencyMs: number | null;
  success: boolean;
  metadata: unknown;
  actor: string;
  ledgerTransactionId: string;
  voidedAt: Date | null;
  voidReason: string | null;
}

const EVENT_VIEW_COLUMNS = `id, idempotency_key AS "idempotencyKey", occurred_at AS "occurredAt", recorded_at AS "recordedAt", provider, model,
  project_id AS "projectId", user_id AS "userId", session_id AS "sessionId", feature, category, tags,
  input_tokens::float8 AS "inputTokens", output_tokens::float8 AS "outputTokens", cache_read_tokens::float8 AS "cacheReadTokens",
  cache_write_tokens::float8 AS "cacheWriteTokens", reasoning_tokens::float8 AS "reasoningTokens", embedding_tokens::float8 AS "embeddingTokens",
  image_count AS "imageCount", cost::text AS cost, currency, credits::text AS credits, cost_source AS "costSource",
  latency_ms AS "latencyMs", success, metadata, actor, ledger_transaction_id AS "ledgerTransactionId",
  voided_at AS "voidedAt", void_reason AS "voidReason"`;
