import { createRedis, ensureTestRedisCluster, isCluster, keysMatching } from '@tollgate/db';
import { redisEndpoint } from '../src/config/redis-endpoint';
import { QUEUE_NAMES } from '../src/queues/queues';
import { loadConfig } from '../src/config/load-config';
import { createTestAppContext, testRedisEnv } from '../src/testing/test-app-context';

describe('createTestAppContext', () => {
  const original = process.env.TEST_REDIS_CLUSTER;
  afterEach(() => {
    if (original === undefined) delete process.env.TEST_REDIS_CLUSTER;
    else process.env.TEST_REDIS_CLUSTER = original;
  });

  it('runs on the test Redis Cluster with TEST_REDIS_CLUSTER=1, and its teardown clears its keys on every master', async () => {
    process.env.TEST_REDIS_CLUSTER = '1';
    const ctx = await createTestAppContext('cluster-opt-in');
    const { redis, config } = ctx.app;
    expect(isCluster(redis)).toBe(true);
    await ctx.app.queue(QUEUE_NAMES.maintenance).add('noop', {});
    await ctx.app.queue(QUEUE_NAMES.billing).add('noop', {});
    for (let i = 0; i < 20; i++) await redis.set(`${config.REDIS_PREFIX}:{tag-${i}}:x`, '1');
    const keys = await keysMatching(redis, `${config.REDIS_PREFIX}:*`);
    expect(keys.length).toBeGreaterThan(20);
    await ctx.teardown();

    const check = createRedis(redisEndpoint(loadConfig({ REDIS_CLUSTER_NODES: await ensureTestRedisCluster() })));
    try {
      expect(await keysMatching(check, `${config.REDIS_PREFIX}:*`)).toEqual([]);
    } finally {
      await check.quit();
    }
  });

  it('stays on the single Redis by default', async () => {
    delete process.env.TEST_REDIS_CLUSTER;
    const ctx = await createTestAppContext('single');
    try {
      expect(isCluster(ctx.app.redis)).toBe(false);
      expect(ctx.app.config.REDIS_CLUSTER_NODES).toBeNull();
    } finally {
      await ctx.teardown();
    }
  });
});

describe('testRedisEnv', () => {
  it('gives a child process the same Redis, cluster or not', () => {
    const single = loadConfig({ REDIS_PREFIX: 'tx' });
    expect(testRedisEnv(single)).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'tx' });
    const cluster = loadConfig({ REDIS_PREFIX: 'tx', REDIS_CLUSTER_NODES: '127.0.0.1:7001,[::1]:7002' });
    expect(testRedisEnv(cluster)).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'tx', REDIS_CLUSTER_NODES: '127.0.0.1:7001,[::1]:7002' });
    expect(loadConfig(testRedisEnv(cluster)).REDIS_CLUSTER_NODES).toEqual(cluster.REDIS_CLUSTER_NODES);
  });
});
