import type Redis from 'ioredis';
import { AUTHORIZE_LUA, REBUILD_LUA, SETTLE_LUA } from './budget-lua';

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

/** A per-minute rate window of a subject (a quota's requests and tokens a minute). */
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

interface BudgetCommands {
  tollgateAuthorize(...args: Array<string | number>): Promise<Array<string | number>>;
  tollgateSettle(...args: Array<string | number>): Promise<string>;
  tollgateRebuild(...args: Array<string | number>): Promise<number>;
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
    this.redis = redis as Redis & BudgetCommands;
  }

  orgPrefix(orgId: string): string {
    return `${this.prefix}:{${orgId}}:`;
  }

  /** The counter of one budget for the period starting at `periodStart`. */
  counterKey(orgId: string, budgetId: string, periodStart: Date): string {
    return `${this.orgPrefix(orgId)}budget:${budgetId}:${periodStart.getTime()}`;
  }

  /**
   * One atomic step: every counter and rate window is checked, and only when
   * all allow the call is the estimate reserved and the call counted.
   */
  async authorize(
    orgId: string,
    reservationId: string,
    expiresAt: Date,
    estimate: CounterAmounts,
    checks: readonly CounterCheck[],
    rates: readonly RateCheck[] = [],
  ): Promise<AuthorizeOutcome> {
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const args: Array<string | number> = [this.orgPrefix(orgId), now, reservationId, expiresAt.getTime(), ...amountsOf(estimate), checks.length];
    for (const check of checks) {
      const { cost, credits, tokens, requests } = check.limits;
      args.push(check.mode, limit(cost), limit(credits), limit(tokens), limit(requests), check.warningPercent, check.throttlePerMinute ?? 0);
    }
    for (const rate of rates) args.push(rate.requestsPerMinute ?? -1, rate.tokensPerMinute ?? -1);
    const keys = [...checks.map((c) => c.key), ...rates.map((r) => `${this.orgPrefix(orgId)}rate:${r.id}:${minute}`)];
    const reply = await this.redis.tollgateAuthorize(keys.length, ...keys, ...args);
    const [kind, ...rest] = reply;
    if (kind === 'MISSING') return { kind, indexes: rest.map((i) => Number(i) - 1) };
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
