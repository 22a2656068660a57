import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { BudgetCounters, type CounterCheck } from '../src/redis/budget-counters';
import { testRedisPrefix } from '../src/testing/test-database';

let redis: Redis;
let counters: BudgetCounters;
const prefix = testRedisPrefix();
const org = randomUUID();

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  counters = new BudgetCounters(redis, prefix);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const zero = { cost: '0', credits: '0', tokens: '0', requests: '0' };
const oneRequest = { ...zero, requests: '1' };
const later = () => new Date(Date.now() + 60_000);
const check = (key: string, requests: string | null, mode: CounterCheck['mode'] = 'BLOCK'): CounterCheck => ({
  key,
  mode,
  limits: { cost: null, credits: null, tokens: null, requests },
  warningPercent: 80,
  throttlePerMinute: 3,
});
const fresh = async (spentRequests = '0') => {
  const key = counters.counterKey(org, randomUUID(), new Date(0));
  await counters.rebuild(org, key, 3_600_000, { ...zero, requests: spentRequests }, []);
  return key;
};

describe('BudgetCounters', () => {
  it('reports a missing counter instead of taking it as zero, and builds it once', async () => {
    const key = counters.counterKey(org, randomUUID(), new Date(0));
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toEqual({ kind: 'MISSING', indexes: [0] });
    expect(await counters.rebuild(org, key, 3_600_000, { ...zero, requests: '9' }, [])).toBe(true);
    expect(await counters.rebuild(org, key, 3_600_000, zero, [])).toBe(false);
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toMatchObject({ kind: 'OK', remaining: [{ requests: '0' }] });
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toEqual({ kind: 'DENY', index: 0, measure: 'requests' });
  });

  it('allows exactly the room there is under 200 concurrent authorizations', async () => {
    const key = await fresh();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '50')])));
    expect(outcomes.filter((o) => o.kind === 'OK')).toHaveLength(50);
    expect(outcomes.filter((o) => o.kind === 'DENY')).toHaveLength(150);
  });

  it('checks all budgets before reserving in any', async () => {
    const roomy = await fresh();
    const full = await fresh('5');
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(roomy, '100'), check(full, '5')])).toMatchObject({ kind: 'DENY', index: 1 });
    expect(await redis.hget(roomy, 'rr')).toBe('0');
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(roomy, '100'), check(full, '5', 'PASS')])).toMatchObject({ kind: 'OK' });
  });

  it('releases a reservation when it expires, and on settlement books the actual amounts', async () => {
    const key = await fresh();
    const expiring = randomUUID();
    expect((await counters.authorize(org, expiring, new Date(Date.now() + 50), { ...zero, requests: '3' }, [check(key, '3')])).kind).toBe('OK');
    expect((await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '3')])).kind).toBe('DENY');
    await new Promise((resolve) => setTimeout(resolve, 80));
    const settled = randomUUID();
    expect((await counters.authorize(org, settled, later(), { ...zero, requests: '2' }, [check(key, '3')])).kind).toBe('OK');
    await counters.settle(org, [settled], [{ key, amounts: { ...zero, requests: '1', cost: '1500' } }]);
    expect(await redis.hmget(key, 'r', 'rr', 'c')).toEqual(['1', '0', '1500']);
  });

  it('keeps usage booked while a counter is missing and merges it when rebuilt', async () => {
    const key = counters.counterKey(org, randomUUID(), new Date(0));
    await counters.settle(org, [], [{ key, amounts: { ...zero, requests: '2', cost: '100' } }]);
    await counters.rebuild(org, key, 3_600_000, { ...zero, requests: '7' }, [{ id: 'held', expiresAt: later(), amounts: { ...zero, requests: '1' } }]);
    expect(await redis.hmget(key, 'r', 'c', 'rr')).toEqual(['9', '100', '1']);
    await counters.settle(org, ['held'], []);
    expect(await redis.hget(key, 'rr')).toBe('0');
  });

  it('throttles past the warning level to N a minute, with a retry time', async () => {
    const key = await fresh('8');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await counters.authorize(org, randomUUID(), later(), zero, [check(key, '10', 'THROTTLE')]));
    expect(results.slice(0, 3).every((r) => r.kind === 'OK')).toBe(true);
    expect(results[3]).toMatchObject({ kind: 'RATE', index: 0, rate: false });
    expect((results[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('checks per-minute rates in the same step: a refusal by either side counts nothing on the other', async () => {
    const key = await fresh();
    const rate = { id: randomUUID(), requestsPerMinute: 2, tokensPerMinute: null };
    const tokens = { ...oneRequest, tokens: '10' };
    expect((await counters.authorize(org, randomUUID(), later(), tokens, [check(key, '1')], [rate])).kind).toBe('OK');
    const denied = await counters.authorize(org, randomUUID(), later(), tokens, [check(key, '1')], [rate]);
    expect(denied).toMatchObject({ kind: 'DENY', index: 0 });
    expect((await counters.authorize(org, randomUUID(), later(), zero, [], [rate])).kind).toBe('OK');
    const limited = await counters.authorize(org, randomUUID(), later(), zero, [check(key, '100', 'PASS')], [rate]);
    expect(limited).toMatchObject({ kind: 'RATE', rate: true, index: 0 });
    expect(await redis.hget(key, 'rr')).toBe('1');
  });

  it('handles amounts beyond what Lua prints as plain integers', async () => {
    const key = counters.counterKey(org, randomUUID(), new Date(0));
    await counters.rebuild(org, key, 3_600_000, { ...zero, cost: '900000000000000000' }, []);
    const big = { ...zero, cost: '123456789012345678' };
    const limits = { cost: '2000000000000000000', credits: null, tokens: null, requests: null };
    expect((await counters.authorize(org, randomUUID(), later(), big, [{ ...check(key, null), limits }])).kind).toBe('OK');
    expect(await redis.hget(key, 'rc')).toBe('123456789012345678');
  });
});
