import { Dec, type BudgetScope, type CounterUnits, type UsageMeasure } from '@tollgate/core';
import type Decimal from 'decimal.js';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { scopeConditions } from '../scope-filter';
import { uuidv7Floor } from '../ids';
import { limitLockKey } from './limit-version-sql';

/** A reservation as written before it counts. */
export interface NewReservation {
  id: string;
  limitIds: readonly string[];
  /** The version of the org's limits the call was decided under. */
  limitsVersion: string;
  estimate: UsageMeasure;
  /** How long it holds; it expires by PostgreSQL's clock, as Redis's copy does by Redis's. */
  ttlMs: number;
}

/** What a committed batch must add to counters, kept in the outbox until it is booked. */
export interface PendingBooking {
  orgId: string;
  batchId: string;
  /** Counter keys relative to the org's prefix, with what the batch adds to each. */
  bookings: Array<{ key: string; amounts: CounterUnits }>;
  reservationIds: string[];
}

/** What a counter is rebuilt from, read in one snapshot. */
export interface CounterTruth {
  spent: CounterUnits;
  batchIds: string[];
  reservations: Array<{ id: string; expiresAt: Date; amounts: CounterUnits }>;
}

/**
 * Reservation ids are UUIDv7 from the deciding process's clock and live at
 * most an hour (ttlSeconds ≤ 3600): open ones have ids from the last hour,
 * give or take that clock's error. Six hours covers an hour of life and five
 * of error; reads start there and the purge stays behind it.
 */
export const RESERVATION_ID_HORIZON_MS = 6 * 3_600_000;
/** The lowest id an open reservation can have at `now`. */
export const oldestOpenReservation = (now: Date) => uuidv7Floor(new Date(now.getTime() - RESERVATION_ID_HORIZON_MS));

/** Counter units of money on a row: whole nano-units rounded up, per event, as bookings count them. */
const NANO_SUM = (column: string, filter = '') => `coalesce(sum(ceil(${column} * 1000000000)) ${filter}, 0)::numeric(38,0)::text`;
const TOKENS = 'input_tokens + output_tokens + cache_read_tokens + cache_write_tokens + embedding_tokens';

/**
 * Enforcement's PostgreSQL side: reservations (durable before they count),
 * the booking outbox (usage committed but not yet in the counters), the
 * snapshot counters are rebuilt from, and the drift reconciliation finds.
 * Every statement is scoped to one org.
 */
export class EnforcementRepository {
  /** @param asyncCommitPool sessions with synchronous_commit off: commits are visible at once, flushed a moment later. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly asyncCommitPool: Pool,
  ) {}

  /**
   * Writes one org's reservations in one statement (another org's input never
   * shares it), each only if the org's limits are still at the version it was
   * decided under. Returns the ids written; a missing one was decided on
   * stale limits and must be decided again.
   */
  async insertReservations(orgId: string, reservations: readonly NewReservation[]): Promise<Set<string>> {
    if (reservations.length === 0) return new Set();
    const { rows } = await this.asyncCommitPool.query({
      name: 'tollgate_insert_reservations',
      text: `INSERT INTO budget_reservations (org_id, id, budget_ids, cost, credits, tokens, requests, expires_at)
       SELECT $1, t.id, string_to_array(t.budget_ids, ',')::uuid[], t.cost, t.credits, t.tokens, t.requests, statement_timestamp() + t.ttl_ms * interval '1 millisecond'
         FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::bigint[], $7::int[], $8::int[], $9::bigint[])
           AS t(id, budget_ids, cost, credits, tokens, requests, ttl_ms, version)
        WHERE t.version = coalesce((SELECT version FROM org_limit_versions WHERE org_id = $1), 0)
       RETURNING id`,
      values: [
        orgId,
        reservations.map((r) => r.id),
        reservations.map((r) => r.limitIds.join(',')),
        reservations.map((r) => r.estimate.cost.toFixed()),
        reservations.map((r) => r.estimate.credits.toFixed()),
        reservations.map((r) => r.estimate.tokens),
        reservations.map((r) => r.estimate.requests),
        reservations.map((r) => r.ttlMs),
        reservations.map((r) => r.limitsVersion),
      ],
    });
    return new Set(rows.map((row: { id: string }) => row.id));
  }

  /** The version of an org's limits (0 before the first change). */
  async limitVersion(orgId: string, tx?: EntityManager): Promise<string> {
    const [row] = await (tx ?? this.dataSource.manager).query(`SELECT coalesce((SELECT version FROM org_limit_versions WHERE org_id = $1), 0)::text AS version`, [orgId]);
    return row.version;
  }

  /**
   * In a usage transaction: holds the org's limit lock shared until commit, so
   * no change of its limits commits in between; then returns their version
   * (read after the lock, in a statement of its own, so it is current).
   */
  async holdLimits(tx: EntityManager, orgId: string): Promise<string> {
    await tx.query(`SELECT pg_advisory_xact_lock_shared(${limitLockKey('$1::uuid')})`, [orgId]);
    return this.limitVersion(orgId, tx);
  }

  /** Closes reservations of refused calls, so a later rebuild does not hold them. */
  async releaseReservations(orgId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.asyncCommitPool.query(`UPDATE budget_reservations SET settled_at = now() WHERE org_id = $1 AND id = ANY($2::uuid[]) AND settled_at IS NULL`, [orgId, ids]);
  }

  /** Settles reservations in the transaction that records their usage. */
  async settleReservations(tx: EntityManager, orgId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`UPDATE budget_reservations SET settled_at = now() WHERE org_id = $1 AND id = ANY($2::uuid[]) AND settled_at IS NULL`, [orgId, ids]);
  }

  /** Puts a batch in the outbox, in the transaction that records it. */
  async addPendingBooking(tx: EntityManager, booking: PendingBooking): Promise<void> {
    await tx.query(`INSERT INTO counter_bookings (org_id, batch_id, bookings, reservation_ids) VALUES ($1, $2, $3::jsonb, $4::uuid[])`, [
      booking.orgId,
      booking.batchId,
      JSON.stringify(booking.bookings),
      booking.reservationIds,
    ]);
  }

  /**
   * Books a batch at most once per outbox row: deletes the row and, holding
   * its lock, runs `apply` (the Redis booking), then commits. Someone else
   * holding or having deleted the row makes this a no-op (false). If `apply`
   * fails or the process dies, the row comes back for a replay.
   */
  async claimPendingBooking(orgId: string, batchId: string, apply: (booking: PendingBooking) => Promise<void>, options: { skipLocked?: boolean } = {}): Promise<boolean> {
    return this.inTransaction(async (client) => {
      const lock = options.skipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE';
      const { rows } = await client.query(
        `DELETE FROM counter_bookings WHERE (org_id, batch_id) IN (SELECT org_id, batch_id FROM counter_bookings WHERE org_id = $1 AND batch_id = $2 ${lock})
         RETURNING org_id AS "orgId", batch_id AS "batchId", bookings, reservation_ids::text[] AS "reservationIds"`,
        [orgId, batchId],
      );
      if (!rows[0]) return false;
      await apply(rows[0] as PendingBooking);
      return true;
    });
  }

  /** Outbox rows older than `olderThanMs`, oldest first: batches whose booking did not finish. */
  async duePendingBookings(olderThanMs: number, limit = 500): Promise<Array<{ orgId: string; batchId: string }>> {
    const { rows } = await this.asyncCommitPool.query(
      `SELECT org_id AS "orgId", batch_id AS "batchId" FROM counter_bookings WHERE created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows;
  }

  /**
   * A counter's truth in one snapshot: usage of the limit's scope in its
   * window (per event, in counter units), the batches in the outbox that
   * book into the counter (`key`, relative to the org's prefix; their usage
   * is in that figure), and the limit's open reservations.
   */
  async counterTruth(orgId: string, counter: { limitId: string; key: string }, scope: BudgetScope, currency: string, from: Date, to: Date | null, now: Date): Promise<CounterTruth> {
    // Expiry is judged on PostgreSQL's clock, which set it (callers' clocks may disagree).
    const params: unknown[] = [orgId, from, currency, counter.limitId, oldestOpenReservation(now), JSON.stringify([{ key: counter.key }])];
    const where = ['org_id = $1', 'occurred_at >= $2', 'voided_at IS NULL'];
    if (to) where.push(`occurred_at < $${params.push(to)}`);
    where.push(...scopeConditions(scope, params));
    const [row] = await this.dataSource.query(
      `SELECT (SELECT json_build_object('cost', ${NANO_SUM('cost', 'FILTER (WHERE currency = $3)')}, 'credits', ${NANO_SUM('credits')},
                 'tokens', coalesce(sum(${TOKENS}), 0)::text, 'requests', count(*)::text)
                 FROM usage_events WHERE ${where.join(' AND ')}) AS spent,
              coalesce((SELECT array_agg(batch_id::text) FROM counter_bookings WHERE org_id = $1 AND bookings @> $6::jsonb), '{}') AS "batchIds",
              coalesce((SELECT json_agg(json_build_object('id', id, 'expiresAt', expires_at, 'cost', ceil(cost * 1000000000)::numeric(38,0)::text,
                 'credits', ceil(credits * 1000000000)::numeric(38,0)::text, 'tokens', tokens::text, 'requests', requests::text))
                 FROM budget_reservations WHERE org_id = $1 AND id >= $5::uuid AND budget_ids @> ARRAY[$4::uuid] AND settled_at IS NULL AND expires_at > now()), '[]') AS reservations`,
      params,
    );
    return {
      spent: row.spent,
      batchIds: row.batchIds,
      reservations: (row.reservations as Array<{ id: string; expiresAt: string } & CounterUnits>).map((r) => ({
        id: r.id,
        expiresAt: new Date(r.expiresAt),
        amounts: { cost: r.cost, credits: r.credits, tokens: r.tokens, requests: r.requests },
      })),
    };
  }

  /**
   * Deletes an org's reservations made more than the id horizon plus
   * `olderThanMs` ago, in chunks: closed or lapsed, they no longer count anywhere. Returns
   * how many went.
   */
  async purgeClosedReservations(orgId: string, olderThanMs: number, chunk = 10_000): Promise<number> {
    const before = uuidv7Floor(new Date(Date.now() - RESERVATION_ID_HORIZON_MS - olderThanMs));
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.asyncCommitPool.query(
        `DELETE FROM budget_reservations WHERE org_id = $1 AND id IN (SELECT id FROM budget_reservations WHERE org_id = $1 AND id < $2::uuid LIMIT $3)`,
        [orgId, before, chunk],
      );
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < chunk) return purged;
    }
  }

  /** Orgs with a live limit (a budget, or a quota with a credit allowance). */
  async orgsWithLimits(): Promise<string[]> {
    const rows: Array<{ orgId: string }> = await this.dataSource.query(
      `SELECT org_id AS "orgId" FROM budgets WHERE deleted_at IS NULL UNION SELECT org_id FROM quota_assignments WHERE credit_allowance IS NOT NULL`,
    );
    return rows.map((r) => r.orgId);
  }

  /** Records drift reconciliation found (Redis minus PostgreSQL, per measure, in money units for cost and credits). */
  async recordDrift(drift: CounterDrift): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO counter_drift (org_id, id, limit_id, limit_kind, window_start, cost, credits, tokens, requests, corrected)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [drift.orgId, drift.id, drift.limitId, drift.limitKind, drift.windowStart, drift.cost.toFixed(), drift.credits.toFixed(), drift.tokens, drift.requests, drift.corrected],
    );
  }

  /** Drift found in an org, newest first. */
  async listDrift(orgId: string, limit: number): Promise<CounterDrift[]> {
    const rows = await this.dataSource.query(
      `SELECT org_id AS "orgId", id, limit_id AS "limitId", limit_kind AS "limitKind", window_start AS "windowStart", cost::text, credits::text,
              tokens::float8 AS tokens, requests::float8 AS requests, corrected, found_at AS "foundAt"
         FROM counter_drift WHERE org_id = $1 ORDER BY found_at DESC, id DESC LIMIT $2`,
      [orgId, limit],
    );
    return rows.map((r: Omit<CounterDrift, 'cost' | 'credits'> & { cost: string; credits: string }) => ({ ...r, cost: new Dec(r.cost), credits: new Dec(r.credits) }));
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.asyncCommitPool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // The session may be the reason (terminated, cut): never hand it back to the pool.
      client.release(true);
      throw error;
    }
    client.release();
    return result;
  }
}

/** Drift one reconciliation found on one counter. */
export interface CounterDrift {
  orgId: string;
  id: string;
  limitId: string;
  limitKind: 'BUDGET' | 'QUOTA';
  windowStart: Date;
  cost: Decimal;
  credits: Decimal;
  tokens: number;
  requests: number;
  corrected: boolean;
  foundAt?: Date;
}
