import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { loadPriceCatalog } from '@tollgate/db';
import { JOB_NAMES, QUEUE_NAMES, SCHEDULES, createTestAppContext, type TestAppContext } from '@tollgate/services';
import { startWorker, type RunningWorker } from '../src/start-worker';

let ctx: TestAppContext;
let worker: RunningWorker;
let events: QueueEvents;

beforeAll(async () => {
  ctx = await createTestAppContext('worker', {}, { worker: { reconcileEveryMinutes: 1 } });
  worker = await startWorker(ctx.app, { concurrency: 2 });
  events = new QueueEvents(QUEUE_NAMES.maintenance, { connection: { url: ctx.app.config.REDIS_URL }, prefix: ctx.app.config.REDIS_PREFIX });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events.close();
  await worker.close();
  await ctx.teardown();
});

describe('the worker', () => {
  it('processes a catalog sync from a real queue and restores a deleted price', async () => {
    await ctx.app.dataSource.query(`DELETE FROM catalog_prices WHERE provider = 'openai' AND model = 'gpt-4o'`);
    const job = await ctx.app.queue(QUEUE_NAMES.maintenance).add(JOB_NAMES.syncPriceCatalog, { requestedBy: 'test' });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(result).toEqual({ prices: loadPriceCatalog().length });
    const [{ count }] = await ctx.app.dataSource.query(`SELECT count(*)::int AS count FROM catalog_prices WHERE model = 'gpt-4o'`);
    expect(count).toBe(1);
  });

  it('registers its recurring schedules once, however often it starts', async () => {
    const second = await startWorker(ctx.app);
    await second.close();
    const schedulers = await ctx.app.queue(QUEUE_NAMES.maintenance).getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([SCHEDULES.priceCatalogDaily.id, SCHEDULES.countersEveryMinute.id].sort());
    expect(schedulers.find((s) => s.key === SCHEDULES.priceCatalogDaily.id)).toMatchObject({ pattern: SCHEDULES.priceCatalogDaily.pattern, name: JOB_NAMES.syncPriceCatalog });
  });

  it('opens quota periods that just began, once, building their counters from PostgreSQL, and reconciles them', async () => {
    const { app } = ctx;
    const platform = { kind: 'PLATFORM_ADMIN' as const, actor: 'platform-admin' as const };
    const org = await app.organizations.createOrganization(platform, { name: 'Quotas', currency: 'USD', timezone: 'Asia/Kolkata' });
    const owner = { kind: 'API_KEY' as const, orgId: org.id, role: 'OWNER' as const, keyId: 'k', actor: 'api-key:test' };
    const quota = await app.quotas.setQuotaPlan(owner, { subjectType: 'USER', userId: 'u-1', tier: 'FREE', period: 'HOURLY' });
    const justAfter = new Date(quota.periodStart.getTime() + 30_000);
    const { counters, reconciler } = app.enforcement;
    const key = counters.counterKey(org.id, quota.assignment.id, quota.assignment.assignedAt.getTime(), quota.periodStart);
    expect(await counters.spent(key)).toBeNull();
    expect(await reconciler.openNewPeriods(justAfter, 5 * 60_000)).toBe(1);
    expect(await reconciler.openNewPeriods(justAfter, 5 * 60_000)).toBe(0);
    expect(await counters.spent(key)).toEqual({ cost: '0', credits: '0', tokens: '0', requests: '0' });
    const job = await app.queue(QUEUE_NAMES.maintenance).add(JOB_NAMES.maintainCounters, { requestedBy: 'test' });
    expect(await job.waitUntilFinished(events, 15_000)).toMatchObject({ replayed: 0, opened: 0, checked: 1, corrected: 0, purged: 0 });
  });

  it('fails a job nobody handles for good, without retries', async () => {
    const job = await ctx.app.queue(QUEUE_NAMES.maintenance).add('no-such-job', {}, { attempts: 5 });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(/No processor for job "no-such-job"/);
    const failed = await ctx.app.queue(QUEUE_NAMES.maintenance).getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
  });
});

describe('the worker process', () => {
  it('starts, then stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: ctx.app.config.DATABASE_URL,
        REDIS_URL: ctx.app.config.REDIS_URL,
        REDIS_PREFIX: ctx.app.config.REDIS_PREFIX,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        if (output.includes('Tollgate worker: processing')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  }, 30_000);

  it('refuses to start on a bad setting, naming it in one line', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
      env: { ...process.env, REDIS_URL: 'http://wrong' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('tollgate: invalid configuration: REDIS_URL: must be a redis:// or rediss:// URL');
  });
});
