import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Dec } from '@tollgate/core';
import { JOB_NAMES, QUEUE_NAMES, createTestAppContext, type Principal, type TestAppContext } from '@tollgate/services';

/**
 * Billing through real worker processes and real BullMQ queues: the hourly
 * job is enqueued as the scheduler would, a worker is SIGKILLed in the middle
 * of the run and another one started; the invoices must come out exactly once.
 */
const ORGS = 50;
const SUBSCRIPTIONS_PER_ORG = 10;
const INVOICES = ORGS * SUBSCRIPTIONS_PER_ORG;

let ctx: TestAppContext;
let configFile: string;
let receiver: Server;
let hookUrl: string;
const webhookBodies: Array<{ type: string; data: { invoice: { id: string; number: string } } }> = [];
const children: ChildProcess[] = [];
const platform: Principal = { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      webhookBodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  configFile = `/tmp/tollgate-billing-${randomUUID()}.yaml`;
  // No grace period (finalize at once), and short job locks so the killed worker's jobs are picked up in seconds.
  writeFileSync(configFile, 'billing:\n  gracePeriodHours: 0\n  usageCutoffLagSeconds: 0\n  concurrency: 8\nworker:\n  lockDurationMs: 2000\n  stalledIntervalMs: 1000\n');
  ctx = await createTestAppContext('billing-test', { TOLLGATE_CONFIG: configFile });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await ctx.teardown();
  await new Promise((resolve) => receiver.close(resolve));
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: ctx.app.config.DATABASE_URL, REDIS_URL: ctx.app.config.REDIS_URL, REDIS_PREFIX: ctx.app.config.REDIS_PREFIX, TOLLGATE_CONFIG: configFile, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Tollgate worker: processing')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

const sql = (text: string, params: unknown[] = []) => ctx.app.dataSource.query(text, params);
const finalizedCount = async () => (await sql(`SELECT count(*)::int AS n FROM invoices WHERE status = 'FINALIZED'`))[0].n as number;

async function waitFor<T>(probe: () => Promise<T | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a billing run killed with SIGKILL and restarted', () => {
  it(`ends with exactly ${INVOICES} invoices, gapless numbers per organization and totals equal to usage`, async () => {
    const { app } = ctx;
    const plan = await app.plans.createPlan(platform, {
      code: 'metered',
      name: 'Metered',
      currency: 'USD',
      billingInterval: 'MONTHLY',
      baseFee: new Dec('9.99'),
      charges: [{ code: 'resale', name: 'Model usage', meter: { aggregation: 'COST_SUM' }, model: { type: 'COST_PLUS', markup: '0.25' } }],
    });
    // Last month (UTC orgs): exactly one period has ended, whenever the test runs.
    const now = new Date();
    const startedAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const usageByOrg = new Map<string, Dec>();
    for (let o = 0; o < ORGS; o++) {
      const org = await app.organizations.createOrganization(platform, { name: `Org${o}`, currency: 'USD', timezone: 'UTC' });
      for (let s = 0; s < SUBSCRIPTIONS_PER_ORG; s++) await app.plans.createSubscription(platform, { organizationId: org.id, planId: plan.id, anchor: 'CALENDAR', startedAt });
      const owner: Principal = { kind: 'API_KEY', orgId: org.id, role: 'OWNER', keyId: 'k', actor: 'api-key:test' };
      const costs = Array.from({ length: 4 }, (_, i) => new Dec(`${(o * 7 + i * 13) % 97}.00${i + 1}5`));
      await app.usage.recordUsageBatch(owner, costs.map((cost, i) => ({ idempotencyKey: `e${i}`, occurredAt: new Date(Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth(), 2 + i * 7)), provider: 'openai', model: 'gpt-4o', costOverride: cost })));
      usageByOrg.set(org.id, costs.reduce((a, b) => a.plus(b), new Dec(0)));
      if (o === 0) await app.webhooks.createWebhookEndpoint(owner, { url: hookUrl, secret: 'whsec_billing_0123456789', eventTypes: ['INVOICE_FINALIZED'] });
    }

    const first = await startWorkerProcess();
    // What the hourly job scheduler enqueues: the worker turns it into one billing job per subscription period.
    await app.queue(QUEUE_NAMES.billing).add(JOB_NAMES.scheduleBilling, { requestedBy: 'test' });
    const atKill = await waitFor(async () => {
      const n = await finalizedCount();
      return n >= INVOICES / 5 ? n : false;
    }, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const afterKill = await finalizedCount();
    expect(afterKill).toBeLessThan(INVOICES); // killed in the middle of the run, not after it

    await startWorkerProcess();
    await waitFor(async () => ((await finalizedCount()) === INVOICES ? true : false), 90_000);
    const runs = await waitFor(async () => {
      const [row] = await sql(`SELECT count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed, count(*)::int AS total FROM billing_runs`);
      return row.completed === INVOICES ? row : false;
    }, 30_000);
    expect(runs).toEqual({ completed: INVOICES, total: INVOICES });

    const invoices: Array<{ orgId: string; number: string; subtotal: string; total: string }> = await sql(
      `SELECT org_id AS "orgId", number, subtotal::text, total::text FROM invoices ORDER BY org_id, number`,
    );
    expect(invoices).toHaveLength(INVOICES);
    const numbersByOrg = new Map<string, string[]>();
    for (const invoice of invoices) numbersByOrg.set(invoice.orgId, [...(numbersByOrg.get(invoice.orgId) ?? []), invoice.number]);
    for (const [orgId, numbers] of numbersByOrg) {
      const prefix = numbers[0]!.split('-')[0];
      expect(numbers).toEqual(Array.from({ length: SUBSCRIPTIONS_PER_ORG }, (_, i) => `${prefix}-${now.getUTCFullYear()}-${String(i + 1).padStart(4, '0')}`));
      // Each subscription bills the org's usage of the month at cost + 25%, plus the 9.99 fee; rounded half-up once.
      const expected = usageByOrg.get(orgId)!.times('1.25').toDecimalPlaces(2, Dec.ROUND_HALF_UP).plus('9.99');
      for (const invoice of invoices.filter((i) => i.orgId === orgId)) expect(new Dec(invoice.total).toFixed(2)).toBe(expected.toFixed(2));
    }
    const [ledger] = await sql(`SELECT count(*)::int AS n FROM ledger_transactions WHERE kind = 'INVOICE'`);
    expect(ledger.n).toBe(INVOICES);

    // The org with an endpoint got one invoice.finalized per invoice, even for runs the kill interrupted.
    const orgZero = invoices.filter((i) => i.orgId === [...usageByOrg.keys()][0]).map((i) => i.number);
    await waitFor(async () => (webhookBodies.length >= SUBSCRIPTIONS_PER_ORG ? true : false), 30_000);
    expect(new Set(webhookBodies.map((b) => b.type))).toEqual(new Set(['invoice.finalized']));
    expect(webhookBodies.map((b) => b.data.invoice.number).sort()).toEqual(orgZero.sort());
    expect({ atKill: atKill > 0, afterKill: afterKill >= atKill }).toEqual({ atKill: true, afterKill: true });
  }, 180_000);

  it('writes the monthly chargeback statements through the worker, summing to the month’s spend', async () => {
    const { app } = ctx;
    const [org] = await sql(`SELECT id FROM organizations ORDER BY name LIMIT 1`);
    const owner: Principal = { kind: 'API_KEY', orgId: org.id, role: 'OWNER', keyId: 'k', actor: 'api-key:test' };
    await app.chargebacks.createCostCenter(owner, { code: 'rnd', name: 'R&D' });
    await app.chargebacks.createCostCenter(owner, { code: 'ops', name: 'Operations' });
    const job = await app.queue(QUEUE_NAMES.billing).add(JOB_NAMES.closeChargebacks, { requestedBy: 'test' });
    const statements = await waitFor(async () => {
      const rows = await sql(`SELECT total::text FROM chargeback_statements WHERE org_id = $1`, [org.id]);
      return rows.length === 2 ? rows : false;
    }, 30_000);
    const [month] = await sql(`SELECT period_start AS start, period_end AS end FROM invoices WHERE org_id = $1 LIMIT 1`, [org.id]);
    const [spend] = await sql(`SELECT sum(cost)::text AS total FROM usage_events WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [org.id, month.start, month.end]);
    const sum = statements.reduce((total: Dec, row: { total: string }) => total.plus(row.total), new Dec(0));
    expect(sum.toFixed(2)).toBe(new Dec(spend.total).toFixed(2));
    expect(await waitFor(async () => ((await job.getState()) === 'completed' ? true : false), 10_000)).toBe(true);
  }, 60_000);
});
