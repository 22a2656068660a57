import type Redis from 'ioredis';
import { AUTHORIZE_LUA, RATE_LUA, REBUILD_LUA, SETTLE_LUA } from './budget-lua';

/** Four integer amounts: cost and credits in nano-units, tokens, requests. */
export interface CounterAmounts {
  cost: string;
  credits: string;
  tokens: string;
  requests: string;
}

/** A counter to check and reserve in, with how it enforces (PASS only counts). */
export interface CounterCheck {
  key: string;
  mode: 'BLOCK' | 'THROTTLE' | 'PASS';
  /** Limits in the same units; null = not limited. */
  limits: { cost: string | null; credits: string | null; tokens: string | null; requests: string | null };
  warningPercent: number;
  throttlePerMinute: number | null;
}

export type AuthorizeOutcome =
  | { kind: 'MISSING'; indexes: number[] }
  | { kind: 'DENY'; index: number; measure: 'cost' | 'credits' | 'tokens' | 'requests' }
  | { kind: 'RATE'; index: number; retryAfterSeconds: number }
  | { kind: 'OK'; remaining: Array<{ cost: string | null; credits: string | null; tokens: string | null; requests: string | null }> };

interface BudgetCommands {
  tollgateAuthorize(...args: Array<string | number>): Promise<Array<string | number>>;
  tollgateSettle(...args: Array<string | number>): Promise<string>;
  tollgateRebuild(...args: Array<string | number>): Promise<number>;
  tollgateRate(...args: Array<string | number>): Promise<Array<string | number>>;
}

const amountsOf = (a: CounterAmounts) => [a.cost, a.credits, a.tokens, a.requests];
const limit = (value: string | null) => value ?? '-1';
const remainder = (value: string | number) => (Number(value) === -1 ? null : String(value));

/**
 * Budget counters in Redis: one hash per budget and period, reservations that
 * expire, all of an org's keys under one {org} hash tag so a Redis Cluster
 * runs each script on one node. PostgreSQL is the truth; a missing counter is
 * reported, rebuilt from it by the caller, and never taken as zero.
 */
export class BudgetCounters {
  private readonly redis: Redis & BudgetCommands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('tollgateAuthorize', { lua: AUTHORIZE_LUA });
    redis.defineCommand('tollgateSettle', { lua: SETTLE_LUA });
    redis.defineCommand('tollgateRebuild', { lua: REBUILD_LUA });
    redis.defineCommand('tollgateRate', { lua: RATE_LUA });
    this.redis = redis as Redis & BudgetCommands;
  }

  orgPrefix(orgId: string): string {
    return `${this.prefix}:{${orgId}}:`;
  }

  /** The counter of one budget for the period starting at `periodStart`. */
  counterKey(orgId: string, budgetId: string, periodStart: Date): string {
    return `${this.orgPrefix(orgId)}budget:${budgetId}:${periodStart.getTime()}`;
  }

  async authorize(orgId: string, reservationId: string, expiresAt: Date, estimate: CounterAmounts, checks: readonly CounterCheck[]): Promise<AuthorizeOutcome> {
    const args: Array<string | number> = [this.orgPrefix(orgId), Date.now(), reservationId, expiresAt.getTime(), ...amountsOf(estimate)];
    for (const check of checks) {
      const { cost, credits, tokens, requests } = check.limits;
      args.push(check.mode, limit(cost), limit(credits), limit(tokens), limit(requests), check.warningPercent, check.throttlePerMinute ?? 0);
    }
    const reply = await this.redis.tollgateAuthorize(checks.length, ...checks.map((c) => c.key), ...args);
    const [kind, ...rest] = reply;
    if (kind === 'MISSING') return { kind, indexes: rest.map((i) => Number(i) - 1) };
    if (kind === 'DENY') return { kind, index: Number(rest[0]) - 1, measure: rest[1] as 'cost' };
    if (kind === 'RATE') return { kind, index: Number(rest[0]) - 1, retryAfterSeconds: Number(rest[1]) };
    const remaining = checks.map((_, i) => ({
      cost: remainder(rest[i * 4]!),
      credits: remainder(rest[i * 4 + 1]!),
      tokens: remainder(rest[i * 4 + 2]!),
      requests: remainder(rest[i * 4 + 3]!),
    }));
    return { kind: 'OK', remaining };
  }

  /** Releases settled reservations and adds actual usage to the counters it falls in. */
  async settle(orgId: string, reservationIds: readonly string[], bookings: ReadonlyArray<{ key: string; amounts: CounterAmounts }>): Promise<void> {
    if (reservationIds.length === 0 && bookings.length === 0) return;
    await this.redis.tollgateSettle(
      bookings.length,
      ...bookings.map((b) => b.key),
      this.orgPrefix(orgId),
      Date.now(),
      reservationIds.length,
      ...reservationIds,
      ...bookings.flatMap((b) => amountsOf(b.amounts)),
    );
  }

  /**
   * Per-minute request and token limits of several subjects, checked and
   * counted together; the index of the first one over its rate when refused.
   */
  async rateLimit(
    orgId: string,
    tokens: number,
    limits: ReadonlyArray<{ id: string; requestsPerMinute: number | null; tokensPerMinute: number | null }>,
  ): Promise<{ ok: true } | { ok: false; index: number; retryAfterSeconds: number }> {
    if (limits.length === 0) return { ok: true };
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const reply = await this.redis.tollgateRate(
      limits.length,
      ...limits.map((l) => `${this.orgPrefix(orgId)}rate:${l.id}:${minute}`),
      now,
      tokens,
      ...limits.flatMap((l) => [l.requestsPerMinute ?? -1, l.tokensPerMinute ?? -1]),
    );
    return reply[0] === 'OK' ? { ok: true } : { ok: false, index: Number(reply[1]) - 1, retryAfterSeconds: Number(reply[2]) };
  }

  /** Which of the counters Redis holds. */
  async existing(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.exists(key);
    const replies = (await pipeline.exec()) ?? [];
    return new Set(keys.filter((_, i) => replies[i]?.[1] === 1));
  }

  /** Spent amounts of a counter, or null when Redis does not have it. */
  async spent(key: string): Promise<CounterAmounts | null> {
    const [cost, credits, tokens, requests] = await this.redis.hmget(key, 'c', 'cr', 't', 'r');
    if (cost == null || credits == null || tokens == null || requests == null) return null;
    return { cost, credits, tokens, requests };
  }

  /** Creates a missing counter from PostgreSQL's figures; false when another process did it first. */
  async rebuild(
    orgId: string,
    key: string,
    ttlMs: number,
    spent: CounterAmounts,
    reservations: ReadonlyArray<{ id: string; expiresAt: Date; amounts: CounterAmounts }>,
  ): Promise<boolean> {
    const built = await this.redis.tollgateRebuild(
      1,
      key,
      this.orgPrefix(orgId),
      Math.max(1, Math.round(ttlMs)),
      ...amountsOf(spent),
      ...reservations.flatMap((r) => [r.id, r.expiresAt.getTime(), ...amountsOf(r.amounts)]),
    );
    return built === 1;
  }
}
