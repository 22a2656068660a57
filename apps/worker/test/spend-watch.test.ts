import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Dec } from '@tollgate/core';
import { JOB_NAMES, QUEUE_NAMES, TEST_ADMIN_KEY, createTestAppContext, lastWholeHour, type TestAppContext } from '@tollgate/services';
import { startWorker, type RunningWorker } from '../src/start-worker';

/**
 * End to end: usage goes in through the real API process, the hourly spend
 * watch runs on the real worker through BullMQ, and its alerts come back out
 * of the API over a graphql-ws subscription.
 */
const HOUR = 3_600_000;
let ctx: TestAppContext;
let worker: RunningWorker;
let events: QueueEvents;
let api: ChildProcess;
let url: string;

async function gql(query: string, variables: Record<string, unknown>, key: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

beforeAll(async () => {
  ctx = await createTestAppContext('spend-watch');
  api = spawn(process.execPath, [join(__dirname, '..', '..', 'api', 'dist', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: ctx.app.config.DATABASE_URL,
      REDIS_URL: ctx.app.config.REDIS_URL,
      REDIS_PREFIX: ctx.app.config.REDIS_PREFIX,
      TOLLGATE_ADMIN_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    api.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tollgate GraphQL API: (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    api.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
  });
  worker = await startWorker(ctx.app, { concurrency: 2 });
  events = new QueueEvents(QUEUE_NAMES.insights, { connection: { url: ctx.app.config.REDIS_URL }, prefix: ctx.app.config.REDIS_PREFIX });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events?.close();
  await worker?.close();
  if (api && api.exitCode === null) {
    const exited = new Promise((resolve) => api.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
  }
  await ctx?.teardown();
});

/** Collects what a subscription delivers, from the moment it is acknowledged. */
async function subscribe(key: string): Promise<{ client: Client; alerts: Array<{ type: string; message: string; budgetId: string | null; details: any }> }> {
  const alerts: Array<{ type: string; message: string; budgetId: string | null; details: any }> = [];
  const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0 });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => setTimeout(resolve, 100));
    client.subscribe({ query: 'subscription { budgetAlerts { type message budgetId details } }' }, { next: ({ data }) => alerts.push((data as any).budgetAlerts), error: reject, complete: () => undefined });
  });
  return { client, alerts };
}

async function until<T>(read: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the hourly job for `hour` through the queue, as the scheduler would, and waits for the scans it fans out. */
async function runSpendWatch(hour: Date) {
  const job = await ctx.app.queue(QUEUE_NAMES.insights).add(JOB_NAMES.scheduleSpendScans, { requestedBy: 'test', hour: hour.toISOString() });
  const scheduled = await job.waitUntilFinished(events, 30_000);
  const scans = await Promise.all(
    (await ctx.app.queue(QUEUE_NAMES.insights).getJobs(['waiting', 'active', 'delayed', 'completed']))
      .filter((j) => j.name === JOB_NAMES.scanSpend && j.data.hour === hour.toISOString())
      .map((j) => j.waitUntilFinished(events, 30_000)),
  );
  return { scheduled, scans };
}

describe('the hourly spend watch, end to end', () => {
  it('turns a spike recorded through recordUsageBatch into an ANOMALY alert on the subscription, and warns once of a budget heading over', async () => {
    const { createOrganization } = await gql(`mutation { createOrganization(input: { name: "Spiky", currency: "USD", timezone: "UTC" }) { id } }`, {}, TEST_ADMIN_KEY);
    const { createApiKey } = await gql(`mutation ($id: ID!) { createApiKey(input: { organizationId: $id, name: "owner", role: OWNER }) { secret } }`, { id: createOrganization.id }, TEST_ADMIN_KEY);
    const key = createApiKey.secret as string;

    const hour = lastWholeHour(new Date());
    const usage = Array.from({ length: 15 * 24 }, (_, i) => ({
      idempotencyKey: randomUUID(),
      occurredAt: new Date(hour.getTime() - (i + 1) * HOUR + 120_000).toISOString(),
      provider: 'openai',
      model: 'gpt-4o',
      costOverride: (2 + (i % 7) * 0.05).toFixed(2),
    }));
    const RECORD = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`;
    expect((await gql(RECORD, { inputs: usage }, key)).recordUsageBatch.every((r: { status: string }) => r.status === 'CREATED')).toBe(true);

    // A budget whose limit lies between what it has spent and where its period is heading (ten days ahead, whenever this runs).
    const period = { start: new Date(hour.getTime() - 20 * 24 * HOUR).toISOString(), end: new Date(hour.getTime() + 10 * 24 * HOUR).toISOString() };
    const { createBudget } = await gql(
      `mutation ($start: DateTime!, $end: DateTime!) { createBudget(input: { name: "Sprint", period: CUSTOM, customStart: $start, customEnd: $end, action: NOTIFY, costLimit: "1000000" }) { id } }`,
      period,
      key,
    );
    const { budget } = await gql(`query ($id: ID!) { budget(id: $id) { forecast { spentToDate periodTotal { mean } } } }`, { id: createBudget.id }, key);
    const limit = new Dec(budget.forecast.spentToDate).plus(budget.forecast.periodTotal.mean).div(2).plus(40).toDecimalPlaces(2);
    await gql(`mutation ($id: ID!, $limit: Decimal!) { updateBudget(id: $id, input: { costLimit: $limit }) { id } }`, { id: createBudget.id, limit: limit.toFixed() }, key);

    const { client, alerts } = await subscribe(key);
    try {
      // The spike: 60 in the last whole hour where about 2 is usual.
      await gql(RECORD, { inputs: [{ idempotencyKey: randomUUID(), occurredAt: new Date(hour.getTime() + 60_000).toISOString(), provider: 'openai', model: 'gpt-4o', costOverride: '60' }] }, key);
      expect(alerts.filter((a) => a.type === 'ANOMALY')).toEqual([]);

      const { scheduled, scans } = await runSpendWatch(hour);
      expect(scheduled).toEqual({ hour: hour.toISOString(), orgs: 1 });
      expect(scans).toHaveLength(1);
      expect(scans[0].anomalies.length).toBeGreaterThanOrEqual(2); // the org and the model
      expect(scans[0].overruns).toBe(1);

      const anomaly = await until(() => alerts.find((a) => a.type === 'ANOMALY' && a.details.dimension === 'MODEL'));
      expect(anomaly.message).toContain(`model openai/gpt-4o was 60 USD in the hour from ${hour.toISOString().slice(0, 13)}:00 UTC`);
      expect(anomaly.details).toMatchObject({ key: 'openai/gpt-4o', actual: '60', currency: 'USD' });
      const overrun = await until(() => alerts.find((a) => a.type === 'FORECAST_OVERRUN'));
      expect(overrun.budgetId).toBe(createBudget.id);
      expect(overrun.message).toContain('Budget "Sprint" is projected to reach');

      // Scheduling the hour again enqueues nothing new (one scan per org and hour)...
      const again = await ctx.app.queue(QUEUE_NAMES.insights).add(JOB_NAMES.scheduleSpendScans, { requestedBy: 'test', hour: hour.toISOString() });
      await again.waitUntilFinished(events, 30_000);
      expect((await ctx.app.queue(QUEUE_NAMES.insights).getJobs(['completed', 'waiting', 'active'])).filter((j) => j.name === JOB_NAMES.scanSpend)).toHaveLength(1);
      // ...and a later scan finds the budget still heading over, but it was said once this period.
      const later = await ctx.app.queue(QUEUE_NAMES.insights).add(JOB_NAMES.scanSpend, { orgId: createOrganization.id, hour: hour.toISOString() }, { jobId: `rescan-${randomUUID()}` });
      expect(await later.waitUntilFinished(events, 30_000)).toMatchObject({ overruns: 0 });
      const listed = await gql(`query { alerts(filter: { type: "FORECAST_OVERRUN" }) { id } anomalies { dimension key actual } }`, {}, key);
      expect(listed.alerts).toHaveLength(1);
      expect(listed.anomalies).toEqual(expect.arrayContaining([{ dimension: 'MODEL', key: 'openai/gpt-4o', actual: '60' }]));
      expect(alerts.filter((a) => a.type === 'FORECAST_OVERRUN')).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });
});
