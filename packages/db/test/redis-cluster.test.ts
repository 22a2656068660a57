import { once } from 'node:events';
import type { Cluster } from 'ioredis';
import { createRedis, deleteKeysMatching, ensureTestRedisCluster, isCluster, keysMatching, testRedisPrefix, type RedisClient } from '../src';

const seedsOf = (nodes: string) => nodes.split(',').map((node) => ({ host: node.split(':')[0]!, port: Number(node.split(':')[1]) }));

/** Hash tags whose slots belong to different masters, one per master. */
async function tagPerMaster(cluster: Cluster, prefix: string): Promise<string[]> {
  const byMaster = new Map<string, string>();
  for (let i = 0; byMaster.size < cluster.nodes('master').length && i < 1000; i++) {
    const slot = Number(await cluster.cluster('KEYSLOT', `{${prefix}-${i}}`));
    const owner = cluster.slots[slot]?.[0];
    if (owner && !byMaster.has(owner)) byMaster.set(owner, `${prefix}-${i}`);
  }
  return [...byMaster.values()];
}

let nodes: string;
let redis: RedisClient;
const prefix = testRedisPrefix();

beforeAll(async () => {
  nodes = await ensureTestRedisCluster();
  redis = createRedis({ url: 'redis://unused', clusterNodes: seedsOf(nodes) }, 'command');
  await once(redis, 'ready');
});

afterAll(async () => {
  await deleteKeysMatching(redis, `${prefix}*`);
  await redis.quit();
});

describe('the test Redis Cluster', () => {
  it('has three masters that cover every slot, and is reused once running', async () => {
    expect(nodes.split(',')).toHaveLength(3);
    expect(await ensureTestRedisCluster()).toBe(nodes);
    const cluster = redis as Cluster;
    expect(isCluster(redis)).toBe(true);
    expect(cluster.nodes('master')).toHaveLength(3);
    expect(await cluster.cluster('INFO')).toMatch(/cluster_state:ok/);
  });
});

describe('createRedis on a cluster', () => {
  it('gives blocking connections the retry policy BullMQ requires, and fast-failing ones for commands', async () => {
    const blocking = createRedis({ url: 'redis://unused', clusterNodes: seedsOf(nodes) }, 'blocking') as Cluster;
    try {
      expect(blocking.options.redisOptions?.maxRetriesPerRequest).toBeNull();
      expect((redis as Cluster).options.redisOptions?.maxRetriesPerRequest).toBe(1);
      expect(blocking.listenerCount('error')).toBeGreaterThan(0);
    } finally {
      blocking.disconnect();
    }
  });

  it('runs a defined script and a pipeline for keys of tags on different masters', async () => {
    const tags = await tagPerMaster(redis as Cluster, prefix);
    expect(tags).toHaveLength(3);
    redis.defineCommand('testIncrBoth', { lua: `redis.call('INCRBY', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[2], ARGV[1])` });
    const incr = (redis as unknown as { testIncrBoth(n: number, ...args: Array<string | number>): Promise<number> }).testIncrBoth.bind(redis);
    for (const tag of tags) {
      expect(await incr(2, `${prefix}:{${tag}}:a`, `${prefix}:{${tag}}:b`, 5)).toBe(5);
      const replies = await redis.pipeline().incrby(`${prefix}:{${tag}}:a`, 1).get(`${prefix}:{${tag}}:b`).exec();
      expect(replies).toEqual([[null, 6], [null, '5']]);
    }
    await expect(incr(2, `${prefix}:{${tags[0]}}:a`, `${prefix}:{${tags[1]}}:b`, 1)).rejects.toThrow(/CROSSSLOT|same slot/);
  });

  it('finds and deletes keys on every master, whatever their slots', async () => {
    const tags = await tagPerMaster(redis as Cluster, `${prefix}k`);
    for (const tag of tags) await redis.set(`${prefix}:keys:{${tag}}`, '1');
    expect((await keysMatching(redis, `${prefix}:keys:*`)).sort()).toEqual(tags.map((tag) => `${prefix}:keys:{${tag}}`).sort());
    expect(await deleteKeysMatching(redis, `${prefix}:keys:*`)).toBe(3);
    expect(await keysMatching(redis, `${prefix}:keys:*`)).toEqual([]);
  });

  it('delivers a message published on any master to a pattern subscriber', async () => {
    const subscriber = createRedis({ url: 'redis://unused', clusterNodes: seedsOf(nodes) }, 'blocking');
    try {
      const received: string[] = [];
      const allThree = new Promise<void>((resolve) =>
        subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => {
          received.push(message);
          if (received.length === 3) resolve();
        }),
      );
      await subscriber.psubscribe(`${prefix}:events:*`);
      const masters = (redis as Cluster).nodes('master');
      await Promise.all(masters.map((node, i) => node.publish(`${prefix}:events:${i}`, `from ${node.options.port}`)));
      await allThree;
      expect(received.sort()).toEqual(masters.map((node) => `from ${node.options.port}`).sort());
    } finally {
      subscriber.disconnect();
    }
  });
});
