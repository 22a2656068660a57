import { QueueEvents } from 'bullmq';
import type { Cluster } from 'ioredis';
import { createRedis, isCluster, loadPriceCatalog, type RedisClient } from '@tollgate/db';
import { JOB_NAMES, QUEUE_NAMES, SCHEDULES, createTestAppContext, redisEndpoint, type TestAppContext } from '@tollgate/services';
import { startWorker, type RunningWorker } from '../src/start-worker';

/** BullMQ on a 3-master Redis Cluster: each queue's keys share its name's {hash tag}, so its scripts run on one node. */
let ctx: TestAppContext;
let worker: RunningWorker;
let eventsConnection: RedisClient;
let events: QueueEvents;

beforeAll(async () => {
  ctx = await createTestAppContext('worker-cluster', {}, {}, { redis: 'cluster' });
  worker = await startWorker(ctx.app, { concurrency: 2 });
  eventsConnection = createRedis(redisEndpoint(ctx.app.config), 'blocking');
  events = new QueueEvents(QUEUE_NAMES.maintenance, { connection: eventsConnection, prefix: ctx.app.config.REDIS_PREFIX });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events.close();
  await eventsConnection.quit();
  await worker.close();
  await ctx.teardown();
});

describe('the worker on a Redis Cluster', () => {
  it('runs on cluster connections', () => {
    expect(isCluster(ctx.app.redis)).toBe(true);
    expect((ctx.app.redis as Cluster).nodes('master')).toHaveLength(3);
    expect(worker.workers.length).toBe(Object.keys(QUEUE_NAMES).length);
  });

  it('processes a job from a queue and reports it through queue events', async () => {
    const job = await ctx.app.queue(QUEUE_NAMES.maintenance).add(JOB_NAMES.syncPriceCatalog, { requestedBy: 'cluster-test' });
    expect(await job.waitUntilFinished(events, 15_000)).toEqual({ prices: loadPriceCatalog().length });
  });

  it('registers every recurring schedule, each on its own queue', async () => {
    for (const schedule of Object.values(SCHEDULES)) {
      expect(await ctx.app.queue(schedule.queue).getJobScheduler(schedule.id)).toMatchObject({ pattern: schedule.pattern, name: schedule.job });
    }
  });

  it('keeps the queues of different hash tags on different slots', async () => {
    const slots = await Promise.all(Object.values(QUEUE_NAMES).map((name) => (ctx.app.redis as Cluster).cluster('KEYSLOT', `${ctx.app.config.REDIS_PREFIX}:${name}:wait`)));
    expect(new Set(slots).size).toBe(Object.keys(QUEUE_NAMES).length);
  });
});
