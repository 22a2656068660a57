import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { CounterCommands } from '../src/enforcement/counter-scripts';
import { LimitCounters, type CounterCheck } from '../src/enforcement/limit-counters';
import { testRedisPrefix } from '../src/testing/test-database';

let redis: Redis;
let counters: LimitCounters;
const prefix = testRedisPrefix();
const org = randomUUID();

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  counters = new LimitCounters(redis, prefix);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const zero = { cost: '0', credits: '0', tokens: '0', requests: '0' };
/** Polls until `probe` holds (for a time to live running out), at most two seconds. */
const waitFor = async (probe: () => Promise<boolean>) => {
  for (const deadline = Date.now() + 2_000; Date.now() < deadline; ) if (await probe()) return true;
  return false;
};
const oneRequest = { ...zero, requests: '1' };
const later = () => new Date(Date.now() + 60_000);
const check = (key: string, requests: string | null, mode: CounterCheck['mode'] = 'BLOCK'): CounterCheck => ({
  key,
  mode,
  caps: { cost: null, credits: null, tokens: null, requests },
  warningPercent: 80,
  throttlePerMinute: 3,
});
const newKey = () => counters.counterKey(org, randomUUID(), 1, new Date(0));
const empty = { spent: zero, batchIds: [], reservations: [] };
const fresh = async (spentRequests = '0') => {
  const key = newKey();
  await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, requests: spentRequests } });
  return key;
};
/** Every key of the test org with its full contents, to prove a refused script wrote nothing. */
const snapshot = async () => {
  const keys = (await redis.keys(`${counters.orgPrefix(org).replace(/[{}]/g, '\\$&')}*`)).sort();
  const read = { hash: (k: string) => redis.hgetall(k), zset: (k: string) => redis.zrange(k, 0, -1, 'WITHSCORES'), string: (k: string) => redis.get(k) };
  return Promise.all(keys.map(async (k) => [k, await read[(await redis.type(k)) as keyof typeof read](k)]));
};

describe('LimitCounters.authorize', () => {
  it('reports a missing counter instead of taking it as zero, and builds it once', async () => {
    const key = newKey();
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toEqual({ kind: 'MISSING', indexes: [0] });
    expect(await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, requests: '9' } })).toBe(true);
    expect(await counters.rebuild(org, key, 3_600_000, empty)).toBe(false);
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toMatchObject({ kind: 'OK', remaining: [{ requests: '0' }] });
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '10')])).toEqual({ kind: 'DENY', index: 0, measure: 'requests' });
  });

  it('allows exactly the room there is under 200 concurrent authorizations', async () => {
    const key = await fresh();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '50')])));
    expect(outcomes.filter((o) => o.kind === 'OK')).toHaveLength(50);
    expect(outcomes.filter((o) => o.kind === 'DENY')).toHaveLength(150);
    expect(await redis.hget(key, 'rr')).toBe('50');
  });

  it('checks every limit before reserving in any', async () => {
    const roomy = await fresh();
    const full = await fresh('5');
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(roomy, '100'), check(full, '5')])).toMatchObject({ kind: 'DENY', index: 1 });
    expect(await redis.hget(roomy, 'rr')).toBe('0');
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(roomy, '100'), check(full, '5', 'PASS')])).toMatchObject({ kind: 'OK' });
  });

  it('refuses bad arguments before its first write, whatever they are', async () => {
    const key = await fresh();
    const rate = { id: randomUUID(), requestsPerMinute: 5, tokensPerMinute: null };
    await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '100', 'THROTTLE')], [rate]);
    const before = await snapshot();
    const send = (args: Array<string | number>, keys = [key, `${counters.orgPrefix(org)}reservations`]) =>
      (redis as Redis & CounterCommands).tollgateAuthorizeReservation(keys.length, ...keys, ...args);
    const header = (estimate: string[]) => [counters.orgPrefix(org), Date.now(), randomUUID(), Date.now() + 60_000, ...estimate, 1];
    const valid = ['BLOCK', '-1', '-1', '-1', '100', '80', '0'];
    for (const args of [
      [...header(['0', '100000000000000000000000', '0', '1']), ...valid], // a credits estimate of 1e14 in nano-units
      [...header(['0', '0', '-5', '1']), ...valid],
      [...header(['0', '0', '1.5', '1']), ...valid],
      [...header(['0', '0', '0', '1']), 'BLOK', '-1', '-1', '-1', '100', '80', '0'],
      [...header(['0', '0', '0', '1']), 'BLOCK', '-1', '-1', '-1', 'lots', '80', '0'],
      header(['0', '0', '0', '1']),
    ]) {
      await expect(send(args)).rejects.toThrow(/TOLLGATE_BAD_ARGUMENTS/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('encodes arguments so a caller bug is caught before Redis is asked', async () => {
    const key = await fresh();
    await expect(counters.authorize(org, randomUUID(), later(), { ...zero, credits: '1e23' }, [check(key, '1')])).rejects.toThrow(/invalid counter script argument/);
    await expect(counters.authorize(org, 'not an id', later(), zero, [check(key, '1')])).rejects.toThrow(/invalid counter script argument/);
  });

  it('a refused call leaves nothing behind: no reservation, no throttle count, no rate count', async () => {
    const throttled = await fresh('9');
    const full = await fresh('1');
    const rate = { id: randomUUID(), requestsPerMinute: 100, tokensPerMinute: null };
    const before = await snapshot();
    expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(throttled, '10', 'THROTTLE'), check(full, '1')], [rate])).toMatchObject({ kind: 'DENY', index: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('does not count twice a reservation a rebuild already holds, and checks it as it stands', async () => {
    const key = newKey();
    const held = randomUUID();
    await counters.rebuild(org, key, 3_600_000, { ...empty, reservations: [{ id: held, expiresAt: later(), amounts: { ...zero, requests: '3' } }] });
    expect(await counters.authorize(org, held, later(), { ...zero, requests: '3' }, [check(key, '5')])).toMatchObject({ kind: 'OK', remaining: [{ requests: '2' }] });
    expect(await redis.hget(key, 'rr')).toBe('3');
    // Over the limit as it stands: refused, and the rebuild's copy of it released.
    const key2 = newKey();
    const tooBig = randomUUID();
    await counters.rebuild(org, key2, 3_600_000, { ...empty, spent: { ...zero, requests: '4' }, reservations: [{ id: tooBig, expiresAt: later(), amounts: { ...zero, requests: '3' } }] });
    expect(await counters.authorize(org, tooBig, later(), { ...zero, requests: '3' }, [check(key2, '5')])).toMatchObject({ kind: 'DENY' });
    expect(await redis.hget(key2, 'rr')).toBe('0');
  });

  it('releases a reservation once it has expired, by Redis’s clock whatever the caller’s', async () => {
    const key = await fresh();
    expect((await counters.authorize(org, randomUUID(), new Date(Date.now() + 150), { ...zero, requests: '3' }, [check(key, '3')])).kind).toBe('OK');
    // A caller whose clock runs 150 s ahead cannot make it lapse early.
    const ahead = Date.now() + 150_000;
    expect((await counters.authorize(org, randomUUID(), new Date(ahead + 60_000), oneRequest, [check(key, '3')], [], ahead)).kind).toBe('DENY');
    const allowed = await waitFor(async () => (await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '3')])).kind === 'OK');
    expect(allowed).toBe(true);
    expect(await redis.hget(key, 'rr')).toBe('1');
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
    expect(await counters.authorize(org, randomUUID(), later(), tokens, [check(key, '1')], [rate])).toMatchObject({ kind: 'DENY', index: 0 });
    expect((await counters.authorize(org, randomUUID(), later(), zero, [], [rate])).kind).toBe('OK');
    expect(await counters.authorize(org, randomUUID(), later(), zero, [check(key, '100', 'PASS')], [rate])).toMatchObject({ kind: 'RATE', rate: true, index: 0 });
    expect(await redis.hget(key, 'rr')).toBe('1');
  });

  it('handles amounts beyond what Lua prints as plain integers', async () => {
    const key = newKey();
    await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, cost: '900000000000000000' } });
    const big = { ...zero, cost: '12345678901234567' };
    const caps = { cost: '999999999000000000', credits: null, tokens: null, requests: null };
    expect((await counters.authorize(org, randomUUID(), later(), big, [{ ...check(key, null), caps }])).kind).toBe('OK');
    expect(await redis.hget(key, 'rc')).toBe('12345678901234567');
  });
});

describe('LimitCounters.book', () => {
  it('books a batch once per counter generation, however often it is replayed', async () => {
    const key = await fresh();
    const batch = randomUUID();
    const amounts = { ...zero, requests: '2', cost: '1500' };
    expect(await counters.book(org, batch, [], [{ key, amounts }])).toEqual({ kind: 'OK', booked: 1 });
    expect(await counters.book(org, batch, [], [{ key, amounts }])).toEqual({ kind: 'OK', booked: 0 });
    expect(await redis.hmget(key, 'r', 'c')).toEqual(['2', '1500']);
  });

  it('never writes to a missing counter: it reports it, even when another is there', async () => {
    const present = await fresh();
    const missing = newKey();
    const before = await snapshot();
    expect(await counters.book(org, randomUUID(), [], [{ key: present, amounts: oneRequest }, { key: missing, amounts: oneRequest }])).toEqual({ kind: 'MISSING', indexes: [1] });
    expect(await snapshot()).toEqual(before);
  });

  it('does not add a batch the rebuild counted already', async () => {
    const key = newKey();
    const inFlight = randomUUID();
    await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, requests: '5' }, batchIds: [inFlight] });
    expect(await counters.book(org, inFlight, [], [{ key, amounts: { ...zero, requests: '5' } }])).toEqual({ kind: 'OK', booked: 0 });
    expect(await redis.hget(key, 'r')).toBe('5');
  });

  it('settles reservations: releases them from the generation that held them only', async () => {
    const key = await fresh();
    const reservation = randomUUID();
    expect((await counters.authorize(org, reservation, later(), { ...zero, requests: '2' }, [check(key, '10')])).kind).toBe('OK');
    // The counter is lost and rebuilt without the reservation (PostgreSQL has it settled): releasing it must not go below.
    await redis.del(key);
    await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, requests: '1' } });
    expect(await counters.book(org, randomUUID(), [reservation], [{ key, amounts: zero }])).toMatchObject({ kind: 'OK' });
    expect(await redis.hmget(key, 'r', 'rr')).toEqual(['1', '0']);
  });

  it('saturates rather than overflows', async () => {
    const key = newKey();
    await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, cost: '999999999999999000' } });
    await counters.book(org, randomUUID(), [], [{ key, amounts: { ...zero, cost: '999999999999999999' } }]);
    expect(await redis.hget(key, 'c')).toBe('999999999999999999');
  });
});

describe('LimitCounters.reconcile', () => {
  it('sets booked amounts only if they are still what was read', async () => {
    const key = await fresh('3');
    const read = { ...zero, requests: '3' };
    expect(await counters.reconcile(key, read, { ...zero, requests: '4' })).toBe(true);
    expect(await counters.reconcile(key, read, { ...zero, requests: '9' })).toBe(false);
    expect(await counters.spent(key)).toEqual({ ...zero, requests: '4' });
    expect(await counters.reconcile(newKey(), zero, read)).toBe(false);
  });
});
