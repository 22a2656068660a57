import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Cluster } from 'ioredis';
import { createRedis, deleteKeysMatching, ensureTestRedisCluster, testRedisPrefix } from '../src';
import { LimitCounters, type CounterCheck } from '../src/enforcement/limit-counters';

/** The counters' public methods on a 3-master Redis Cluster, for orgs whose {org} slots sit on different masters. */
let cluster: Cluster;
let counters: LimitCounters;
const prefix = testRedisPrefix();

const seedsOf = (nodes: string) => nodes.split(',').map((node) => ({ host: node.split(':')[0]!, port: Number(node.split(':')[1]) }));

beforeAll(async () => {
  cluster = createRedis({ url: 'redis://unused', clusterNodes: seedsOf(await ensureTestRedisCluster()) }, 'command') as Cluster;
  await once(cluster, 'ready');
  counters = new LimitCounters(cluster, prefix);
});
afterAll(async () => {
  await deleteKeysMatching(cluster, `${prefix}:*`);
  await cluster.quit();
});

/** One org per master: its keys' hash tag maps to a slot that master serves. */
async function orgPerMaster(): Promise<string[]> {
  const byMaster = new Map<string, string>();
  while (byMaster.size < 3) {
    const org = randomUUID();
    const owner = cluster.slots[Number(await cluster.cluster('KEYSLOT', counters.orgPrefix(org)))]![0]!;
    if (!byMaster.has(owner)) byMaster.set(owner, org);
  }
  return [...byMaster.values()];
}

const zero = { cost: '0', credits: '0', tokens: '0', requests: '0' };
const oneRequest = { ...zero, requests: '1' };
const later = () => new Date(Date.now() + 60_000);
const check = (key: string, requests: string): CounterCheck => ({ key, mode: 'BLOCK', caps: { cost: null, credits: null, tokens: null, requests }, warningPercent: 80, throttlePerMinute: null });
const empty = { spent: zero, batchIds: [], reservations: [] };

describe('LimitCounters on a Redis Cluster', () => {
  let orgs: string[];
  beforeAll(async () => {
    orgs = await orgPerMaster();
  });

  it('report missing counters, rebuild them and enforce them, for an org on each master', async () => {
    for (const org of orgs) {
      const key = counters.counterKey(org, randomUUID(), 1, new Date(0));
      expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '3')])).toEqual({ kind: 'MISSING', indexes: [0] });
      expect(await counters.rebuild(org, key, 3_600_000, { ...empty, spent: { ...zero, requests: '1' } })).toBe(true);
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => counters.authorize(org, randomUUID(), later(), oneRequest, [check(key, '3')])));
      expect(outcomes.filter((o) => o.kind === 'OK')).toHaveLength(2);
      expect(await counters.reserved(key)).toEqual({ ...zero, requests: '2' });
    }
  });

  it('book usage into two counters of one org and release its reservation', async () => {
    for (const org of orgs) {
      const [a, b] = [randomUUID(), randomUUID()].map((id) => counters.counterKey(org, id, 1, new Date(0))) as [string, string];
      for (const key of [a, b]) await counters.rebuild(org, key, 3_600_000, empty);
      const reservation = randomUUID();
      expect(await counters.authorize(org, reservation, later(), oneRequest, [check(a, '5'), check(b, '5')])).toMatchObject({ kind: 'OK' });
      const batch = randomUUID();
      const booking = [a, b].map((key) => ({ key, amounts: { ...zero, requests: '1', cost: '7' } }));
      expect(await counters.book(org, batch, [reservation], booking)).toEqual({ kind: 'OK', booked: 2 });
      expect(await counters.book(org, batch, [reservation], booking)).toEqual({ kind: 'OK', booked: 0 });
      expect(await counters.spent(a)).toEqual({ ...zero, requests: '1', cost: '7' });
      expect(await counters.reserved(b)).toEqual(zero);
    }
  });

  it('run the calls that name no counter on the org’s own node', async () => {
    for (const org of orgs) {
      const key = counters.counterKey(org, randomUUID(), 1, new Date(0));
      await counters.rebuild(org, key, 3_600_000, empty);
      const reservation = randomUUID();
      expect(await counters.authorize(org, reservation, later(), oneRequest, [check(key, '5')])).toMatchObject({ kind: 'OK' });
      // Only a reservation to release, no usage to book: the call must still reach the node of the org's slot.
      expect(await counters.book(org, randomUUID(), [reservation], [])).toMatchObject({ kind: 'OK' });
      expect(await counters.reserved(key)).toEqual(zero);
      expect(await counters.authorize(org, randomUUID(), later(), oneRequest, [])).toMatchObject({ kind: 'OK' });
    }
  });
});
