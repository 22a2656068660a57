import type { Cluster, Redis } from 'ioredis';
import type { CounterCaps, CounterMode, CounterUnits } from '@tollgate/core';
import { COUNTER_SCRIPTS, encodeCaps, encodeId, encodeTime, encodeUnits, type CounterCommands, type ScriptReply } from './counter-scripts';

/** A Redis connection: one server or a cluster. */
export type RedisConnection = Redis | Cluster;

/** A counter to check and reserve in, with how it enforces. */
export interface CounterCheck {
  key: string;
  mode: CounterMode;
  caps: CounterCaps;
  warningPercent: number;
  throttlePerMinute: number | null;
}

/** A per-minute rate window of a quota (requests and tokens a minute). */
export interface RateCheck {
  id: string;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

export type AuthorizeOutcome =
  | { kind: 'MISSING'; indexes: number[] }
  | { kind: 'DENY'; index: number; measure: 'cost' | 'credits' | 'tokens' | 'requests' }
  /** `index` is a counter's, or, when `rate` is set, the rate check's. */
  | { kind: 'RATE'; index: number; rate: boolean; retryAfterSeconds: number }
  | { kind: 'OK'; remaining: Array<{ cost: string | null; credits: string | null; tokens: string | null; requests: string | null }> };

export type BookOutcome = { kind: 'MISSING'; indexes: number[] } | { kind: 'OK'; booked: number };

/** What a rebuild puts in a counter: one PostgreSQL snapshot. */
export interface CounterSnapshot {
  spent: CounterUnits;
  /** Batches of that usage whose booking may still run: marked booked so they are not added again. */
  batchIds: readonly string[];
  reservations: ReadonlyArray<{ id: string; expiresAt: Date; amounts: CounterUnits }>;
}

const remainder = (value: string | number) => (String(value) === '-1' ? null : String(value));
const indexesOf = (rest: ScriptReply) => rest.map((i) => Number(i) - 1);
const generation = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Limit counters in Redis, through the scripts in ./lua: one hash per limit
 * and window, under the org's {org} hash tag so each script runs on one
 * Cluster node. PostgreSQL is the truth; these are a copy that is never
 * below it (see services/enforcement/README.md for why).
 */
export class LimitCounters {
  private readonly redis: RedisConnection & CounterCommands;

  constructor(
    redis: RedisConnection,
    private readonly prefix: string,
  ) {
    for (const [name, lua] of Object.entries(COUNTER_SCRIPTS)) redis.defineCommand(name, { lua });
    this.redis = redis as RedisConnection & CounterCommands;
  }

  orgPrefix(orgId: string): string {
    return `${this.prefix}:{${orgId}}:`;
  }

  /** The org's index of open reservations by expiry, which every script that releases reservations names. */
  private reservationIndex(orgId: string): string {
    return `${this.orgPrefix(orgId)}reservations`;
  }

  /** The counter of one limit, in one version of what it counts, for the window starting at `windowStart`. */
  counterKey(orgId: string, limitId: string, version: number, windowStart: Date): string {
    return `${this.orgPrefix(orgId)}limit:${limitId}:${version}:${windowStart.getTime()}`;
  }

  /** One atomic step: every counter and rate window is checked, and only when all allow is the estimate reserved. */
  async authorize(
    orgId: string,
    reservationId: string,
    expiresAt: Date,
    estimate: CounterUnits,
    checks: readonly CounterCheck[],
    rates: readonly RateCheck[] = [],
    now = Date.now(),
  ): Promise<AuthorizeOutcome> {
    const args: string[] = [this.orgPrefix(orgId), encodeTime('now', now), encodeId('reservation', reservationId), encodeTime('expiresAt', expiresAt.getTime()), ...encodeUnits('estimate', estimate), String(checks.length)];
    for (const check of checks) {
      args.push(check.mode, ...encodeCaps(check.caps), String(check.warningPercent), String(check.throttlePerMinute ?? 0));
    }
    for (const rate of rates) args.push(String(rate.requestsPerMinute ?? -1), String(rate.tokensPerMinute ?? -1));
    const minute = Math.floor(now / 60_000);
    const keys = [...checks.map((c) => c.key), ...rates.map((r) => `${this.orgPrefix(orgId)}rate:${r.id}:${minute}`), this.reservationIndex(orgId)];
    const [kind, ...rest] = await this.redis.tollgateAuthorizeReservation(keys.length, ...keys, ...args);
    if (kind === 'MISSING') return { kind, indexes: indexesOf(rest) };
    if (kind === 'DENY') return { kind, index: Number(rest[0]) - 1, measure: rest[1] as 'cost' };
    if (kind === 'RATE') {
      const index = Number(rest[0]) - 1;
      const rate = index >= checks.length;
      return { kind, index: rate ? index - checks.length : index, rate, retryAfterSeconds: Number(rest[1]) };
    }
    const remaining = checks.map((_, i) => ({
      cost: remainder(rest[i * 4]!),
      credits: remainder(rest[i * 4 + 1]!),
      tokens: remainder(rest[i * 4 + 2]!),
      requests: remainder(rest[i * 4 + 3]!),
    }));
    return { kind: 'OK', remaining };
  }

  /** Books a committed batch into its counters once, releasing the reservations it settles. */
  async book(
    orgId: string,
    batchId: string,
    reservationIds: readonly string[],
    bookings: ReadonlyArray<{ key: string; amounts: CounterUnits }>,
    now = Date.now(),
  ): Promise<BookOutcome> {
    if (reservationIds.length === 0 && bookings.length === 0) return { kind: 'OK', booked: 0 };
    const keys = [...bookings.map((b) => b.key), ...bookings.map((b) => `${b.key}:booked`), this.reservationIndex(orgId)];
    const [kind, ...rest] = await this.redis.tollgateBookUsage(
      keys.length,
      ...keys,
      this.orgPrefix(orgId),
      encodeTime('now', now),
      encodeId('batch', batchId),
      String(reservationIds.length),
      ...reservationIds.map((id) => encodeId('reservation', id)),
      ...bookings.flatMap((b, i) => encodeUnits(`booking ${i}`, b.amounts)),
    );
    return kind === 'MISSING' ? { kind, indexes: indexesOf(rest) } : { kind: 'OK', booked: Number(rest[0]) };
  }

  /**
   * Keeps reservations from lapsing for `forMs` more (never shortens them):
   * usage settling them is about to commit, and until its booking lands the
   * reservation is what holds its room.
   */
  async holdReservations(orgId: string, reservationIds: readonly string[], forMs: number): Promise<void> {
    if (reservationIds.length === 0) return;
    const until = Date.now() + forMs;
    await this.redis.zadd(this.reservationIndex(orgId), 'XX', 'GT', ...reservationIds.flatMap((id) => [until, id]));
  }

  /** Drops a batch's marks once nothing can book it again (its outbox row is gone). */
  async forgetBatch(keys: readonly string[], batchId: string): Promise<void> {
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zrem(`${key}:booked`, batchId);
    await pipeline.exec();
  }

  /** Creates a missing counter from a PostgreSQL snapshot; false when it existed. */
  async rebuild(orgId: string, key: string, ttlMs: number, snapshot: CounterSnapshot, now = Date.now()): Promise<boolean> {
    const built = await this.redis.tollgateRebuildCounter(
      3,
      key,
      `${key}:booked`,
      this.reservationIndex(orgId),
      this.orgPrefix(orgId),
      encodeTime('now', now),
      encodeTime('ttl', Math.max(1, ttlMs)),
      generation(),
      ...encodeUnits('spent', snapshot.spent),
      String(snapshot.batchIds.length),
      ...snapshot.batchIds.map((id) => encodeId('batch', id)),
      ...snapshot.reservations.flatMap((r) => [encodeId('reservation', r.id), encodeTime('expiresAt', r.expiresAt.getTime()), ...encodeUnits('reservation', r.amounts)]),
    );
    return built === 1;
  }

  /** Sets booked amounts to `target` if they are still `read`; false when a booking came in between. */
  async reconcile(key: string, read: CounterUnits, target: CounterUnits): Promise<boolean> {
    return (await this.redis.tollgateReconcileCounter(1, key, ...encodeUnits('read', read), ...encodeUnits('target', target))) === 1;
  }

  /** Deletes a counter and its batch marks, as a flush would: the next call rebuilds it from PostgreSQL. */
  async drop(key: string): Promise<void> {
    await this.redis.del(key, `${key}:booked`);
  }

  /** Booked amounts of a counter, or null when Redis does not have it. */
  async spent(key: string): Promise<CounterUnits | null> {
    const [cost, credits, tokens, requests] = await this.redis.hmget(key, 'c', 'cr', 't', 'r');
    if (cost == null || credits == null || tokens == null || requests == null) return null;
    return { cost, credits, tokens, requests };
  }

  /** Reserved amounts of a counter, or null when Redis does not have it. */
  async reserved(key: string): Promise<CounterUnits | null> {
    const [cost, credits, tokens, requests] = await this.redis.hmget(key, 'rc', 'rcr', 'rt', 'rr');
    if (cost == null || credits == null || tokens == null || requests == null) return null;
    return { cost, credits, tokens, requests };
  }
}
