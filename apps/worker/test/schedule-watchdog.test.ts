import { Dec } from '@tollgate/core';
import { SCHEDULES, billingRunId, createTestAppContext, waitUntil, type Principal, type TestAppContext } from '@tollgate/services';
import { startWorker, type RunningWorker } from '../src/start-worker';

/**
 * Redis losing its data (simulated by deleting every key of this file's
 * prefix: the shared Redis must not be flushed) takes the job schedulers and
 * queued billing jobs with it. The worker must register the schedulers again
 * within its watchdog interval and put the lost billing runs back in the queue.
 */
const WATCHDOG_MS = 300;

let ctx: TestAppContext;
let worker: RunningWorker | undefined;
const platform: Principal = { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };

beforeAll(async () => {
  ctx = await createTestAppContext('worker-watchdog');
});

afterAll(async () => {
  await worker?.close();
  await ctx.teardown();
});

const sql = (text: string, params: unknown[] = []) => ctx.app.dataSource.query(text, params);

/** What a FLUSHALL does to this test's keys. */
async function loseRedisData(): Promise<number> {
  const keys = await ctx.app.redis.keys(`${ctx.app.config.REDIS_PREFIX}:*`);
  if (keys.length) await ctx.app.redis.del(...keys);
  return keys.length;
}

async function missingSchedules(): Promise<string[]> {
  const missing: string[] = [];
  for (const schedule of Object.values(SCHEDULES)) if (!(await ctx.app.queue(schedule.queue).getJobScheduler(schedule.id))) missing.push(schedule.id);
  return missing;
}

/** An org with a monthly subscription that started last month: exactly one ended, uninvoiced period. */
async function subscriptionWithEndedPeriod(planId: string, name: string) {
  const now = new Date();
  const startedAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const org = await ctx.app.organizations.createOrganization(platform, { name, currency: 'USD', timezone: 'UTC' });
  const subscription = await ctx.app.plans.createSubscription(platform, { organizationId: org.id, planId, anchor: 'CALENDAR', startedAt });
  return { orgId: org.id, subscriptionId: subscription.id, periodStart: startedAt, periodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) };
}

const runStatus = async (orgId: string, id: string) => ((await sql(`SELECT status FROM billing_runs WHERE org_id = $1 AND id = $2`, [orgId, id]))[0]?.status as string | undefined) ?? null;
const invoiceCount = async (orgId: string) => (await sql(`SELECT count(*)::int AS n FROM invoices WHERE org_id = $1`, [orgId]))[0].n as number;

describe('after Redis loses its data', () => {
  let planId: string;

  beforeAll(async () => {
    planId = (await ctx.app.plans.createPlan(platform, { code: 'flat', name: 'Flat', currency: 'USD', billingInterval: 'MONTHLY', baseFee: new Dec('10'), charges: [] })).id;
  });

  it('a worker that starts re-enqueues the billing runs whose jobs vanished', async () => {
    const sub = await subscriptionWithEndedPeriod(planId, 'Before start');
    // The hourly pass recorded the run and enqueued its job; then Redis lost everything, before any worker ran it.
    const [run] = await ctx.app.billingRuns.scheduleDueRuns(new Date(), 'schedule:billing-hourly');
    expect(run).toMatchObject({ id: billingRunId(sub.orgId, sub.subscriptionId, sub.periodStart), status: 'QUEUED' });
    expect(await loseRedisData()).toBeGreaterThan(0);

    worker = await startWorker(ctx.app, { concurrency: 2, scheduleWatchdogMs: WATCHDOG_MS });
    await waitUntil(async () => (await runStatus(sub.orgId, run!.id)) === 'COMPLETED' || false, 30_000, 'the lost run to be billed');
    expect(await invoiceCount(sub.orgId)).toBe(1);
  }, 60_000);

  it('the running worker registers every job scheduler again within its watchdog interval and re-enqueues lost billing runs', async () => {
    expect(await missingSchedules()).toEqual([]);
    const sub = await subscriptionWithEndedPeriod(planId, 'While running');
    // A run the hourly pass recorded and enqueued, whose job is lost with the rest (it never reached the worker).
    const id = billingRunId(sub.orgId, sub.subscriptionId, sub.periodStart);
    await sql(
      `INSERT INTO billing_runs (org_id, id, subscription_id, period_start, period_end, status, requested_by) VALUES ($1, $2, $3, $4, $5, 'QUEUED', 'schedule:billing-hourly')`,
      [sub.orgId, id, sub.subscriptionId, sub.periodStart, sub.periodEnd],
    );

    await loseRedisData();
    const lostAt = Date.now();
    expect((await missingSchedules()).sort()).toEqual(Object.values(SCHEDULES).map((s) => s.id).sort());

    await waitUntil(async () => ((await missingSchedules()).length === 0 ? true : false), 10 * WATCHDOG_MS + 5_000, 'the schedulers to be registered again', 20);
    const restoredIn = Date.now() - lostAt;
    const scheduler = await ctx.app.queue(SCHEDULES.billingHourly.queue).getJobScheduler(SCHEDULES.billingHourly.id);
    expect(scheduler).toMatchObject({ key: SCHEDULES.billingHourly.id, pattern: SCHEDULES.billingHourly.pattern, name: SCHEDULES.billingHourly.job });

    await waitUntil(async () => (await runStatus(sub.orgId, id)) === 'COMPLETED' || false, 30_000, 'the lost run to be billed');
    expect(await invoiceCount(sub.orgId)).toBe(1);
    // Bounded by the interval plus a pass, with room for a loaded machine.
    expect(restoredIn).toBeLessThan(WATCHDOG_MS + 5_000);
  }, 60_000);
});
