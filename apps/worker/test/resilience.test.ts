import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  createTestAppContext,
  spawnTollgateProcess,
  startRedisServer,
  terminateBackends,
  waitUntil,
  type RedisServer,
  type TestAppContext,
  type TollgateProcess,
} from '@tollgate/services';

/**
 * The worker as a real child process while its dependencies fail under it:
 * PostgreSQL ends every connection of the database while jobs run and while
 * the pool is idle, and a Redis of the test's own is killed and restarted.
 * The process must stay up and process jobs again without a restart.
 */
const MAIN = join(__dirname, '..', 'dist', 'main.js');

let ctx: TestAppContext;
const processes: TollgateProcess[] = [];
let redis: RedisServer | undefined;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  ctx = await createTestAppContext('worker-resilience');
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const worker of processes) await worker.stop();
  await redis?.stop();
  await ctx.teardown();
});

async function startWorkerProcess(redisUrl = ctx.app.config.REDIS_URL): Promise<TollgateProcess> {
  const worker = spawnTollgateProcess(MAIN, {
    DATABASE_URL: ctx.app.config.DATABASE_URL,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: ctx.app.config.REDIS_PREFIX,
    LOG_LEVEL: 'warn',
  });
  processes.push(worker);
  await worker.waitForOutput(/Tollgate worker: processing/);
  return worker;
}

/** The maintenance queue and its events on a given Redis. */
async function maintenanceQueue(redisUrl: string) {
  const queue = new Queue(QUEUE_NAMES.maintenance, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: ctx.app.config.REDIS_PREFIX });
  const events = new QueueEvents(QUEUE_NAMES.maintenance, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: ctx.app.config.REDIS_PREFIX });
  queue.on('error', () => undefined); // the test's own connections see the Redis kill too
  events.on('error', () => undefined);
  await events.waitUntilReady();
  closers.push(() => queue.close(), () => events.close());
  return { queue, events };
}

/** A job that reads and writes PostgreSQL (the price catalog), retried quickly if its connection is killed under it. */
const syncCatalog = (queue: Queue) => queue.add(JOB_NAMES.syncPriceCatalog, { requestedBy: 'test' }, { attempts: 10, backoff: { type: 'fixed', delay: 100 } });

const terminate = () => terminateBackends(ctx.app.dataSource);

describe('the worker process', () => {
  it('stays up when PostgreSQL terminates its connections while jobs run and while idle, and processes jobs again', async () => {
    const worker = await startWorkerProcess();
    const { queue, events } = await maintenanceQueue(ctx.app.config.REDIS_URL);
    expect(await (await syncCatalog(queue)).waitUntilFinished(events, 30_000)).toMatchObject({ prices: expect.any(Number) });

    // Jobs in flight; terminate each time one becomes active, i.e. while it holds connections.
    let terminations = 0;
    const onActive = () => void terminate().then((n) => (terminations += n > 0 ? 1 : 0));
    events.on('active', onActive);
    const jobs = await Promise.all(Array.from({ length: 8 }, () => syncCatalog(queue)));
    await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 60_000)));
    events.off('active', onActive);
    expect(terminations).toBeGreaterThan(0);
    expect(worker.alive()).toBe(true);

    // The pool is idle now: connections the server ends there must be taken by the pool's 'error' listeners.
    expect(await terminate()).toBeGreaterThan(0);
    await waitUntil(async () => /PostgreSQL[^"]*: connection error/.test(worker.output()) || false, 10_000, 'the pool error logged at warn');
    expect(await (await syncCatalog(queue)).waitUntilFinished(events, 30_000)).toMatchObject({ prices: expect.any(Number) });
    expect(worker.alive()).toBe(true);
    expect(worker.output()).not.toMatch(/Unhandled|uncaught/i);
  }, 120_000);

  it('stays up when its Redis is killed and restarted empty, and processes jobs again', async () => {
    redis = await startRedisServer();
    const worker = await startWorkerProcess(redis.url);
    const { queue, events } = await maintenanceQueue(redis.url);
    expect(await (await syncCatalog(queue)).waitUntilFinished(events, 30_000)).toMatchObject({ prices: expect.any(Number) });

    await redis.kill();
    await waitUntil(async () => /Redis[^"]*: connection error/.test(worker.output()) || false, 10_000, 'the worker to notice Redis is gone');
    await redis.restart();

    // A job added to the restarted (empty) Redis is picked up by the same process.
    await events.waitUntilReady();
    expect(await (await syncCatalog(queue)).waitUntilFinished(events, 30_000)).toMatchObject({ prices: expect.any(Number) });
    expect(worker.alive()).toBe(true);
    expect(worker.output()).not.toMatch(/\[ioredis\] Unhandled error event/);
  }, 120_000);
});
