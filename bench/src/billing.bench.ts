import { writeFileSync } from 'node:fs';
import { JOB_NAMES, QUEUE_NAMES } from '@tollgate/services';
import { createRedis } from '@tollgate/db';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { fmt, now } from './measure';
import { startWorker, type Harness } from './harness';

/**
 * Billing run: ORGS orgs on one metered plan, EVENTS usage events in last
 * month, invoiced by WORKERS worker processes from the moment the hourly
 * billing job is enqueued until the last invoice is finalized. Compared with
 * the least SQL any invoicing must do (aggregate each org's month and write a
 * row per org) timed on the same database in the same run.
 */
export async function benchBilling(h: Harness, print: (line: string) => void): Promise<void> {
  const orgs = Number(process.env.BENCH_BILLING_ORGS ?? 10_000);
  const events = Number(process.env.BENCH_BILLING_EVENTS ?? 1_000_000);
  const workers = Number(process.env.BENCH_BILLING_WORKERS ?? 2);
  const today = new Date();
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const monthEnd = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const client = new Client({ connectionString: h.databaseUrl });
  await client.connect();

  print(`billing: seeding ${fmt(orgs, 0)} orgs with ${fmt(events, 0)} events in ${monthStart.toISOString().slice(0, 7)}`);
  let t = now();
  const plan = await h.gql(
    'bench-admin-key-0123456789abcdef',
    `mutation ($input: PlanInput!) { createPlan(input: $input) { id } }`,
    {
      input: {
        code: 'bench-metered',
        name: 'Metered',
        currency: 'USD',
        billingInterval: 'MONTHLY',
        baseFee: '29',
        includedCredits: '100',
        charges: [
          { code: 'resale', name: 'Model usage', meter: { aggregation: 'COST_SUM' }, model: { type: 'COST_PLUS', markup: '0.2' } },
          { code: 'tokens', name: 'Tokens', meter: { aggregation: 'TOKENS_SUM' }, model: { type: 'GRADUATED', tiers: [{ upTo: '50000', unitPrice: '0' }, { upTo: null, unitPrice: '0.000001' }] } },
          { code: 'mini', name: 'Mini calls', meter: { aggregation: 'REQUESTS', model: 'gpt-4o-mini' }, model: { type: 'PACKAGE', packageSize: '10', packagePrice: '0.05', freeUnits: '20' } },
        ],
      },
    },
  );
  await client.query(`CREATE TEMP TABLE bench_orgs AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) AS g`, [orgs]);
  await client.query(`INSERT INTO organizations (id, name, currency, timezone) SELECT id, 'Bench' || n, 'USD', 'UTC' FROM bench_orgs`);
  await client.query(`INSERT INTO subscriptions (org_id, id, plan_id, anchor, started_at) SELECT id, gen_random_uuid(), $1, 'CALENDAR', $2 FROM bench_orgs`, [plan.createPlan.id, monthStart]);
  await client.query(`INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type) SELECT id, id, 'USAGE', 'bench', 'bench_seed' FROM bench_orgs`);
  const stepMs = (monthEnd.getTime() - monthStart.getTime()) / events;
  await client.query(
    `INSERT INTO usage_events (org_id, id, idempotency_key, request_hash, occurred_at, recorded_at, provider, model, user_id, category,
                               input_tokens, output_tokens, cost, currency, credits, cost_source, actor, ledger_transaction_id)
     SELECT o.id, gen_random_uuid(), 'seed-' || g, 'h', $2::timestamptz + (g * $3::float8) * interval '1 millisecond', $2::timestamptz + (g * $3::float8) * interval '1 millisecond',
            'openai', (ARRAY['gpt-4o', 'gpt-4o-mini'])[1 + g % 2], 'user-' || (g % 7), 'LLM_INFERENCE',
            800 + g % 400, 150 + g % 90, 0.0001 * (1 + g % 97), 'USD', 0.01 * (1 + g % 97), 'CATALOG', 'bench', o.id
       FROM generate_series(0, $1::int - 1) AS g JOIN bench_orgs o ON o.n = g % $4::int`,
    [events, monthStart, stepMs, orgs],
  );
  await client.query('ANALYZE');
  print(`  seeded in ${fmt((now() - t) / 1000)} s`);

  // The floor: one grouped scan of the month and one row written per org, in one statement.
  t = now();
  await client.query(
    `CREATE TEMP TABLE bench_raw_invoices AS SELECT org_id, sum(cost) AS cost, sum(input_tokens + output_tokens) AS tokens, count(*) FILTER (WHERE model = 'gpt-4o-mini') AS mini
       FROM usage_events WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY org_id`,
    [monthStart, monthEnd],
  );
  const rawMs = now() - t;

  const config = '/tmp/tollgate-bench-billing.yaml';
  writeFileSync(config, 'billing:\n  gracePeriodHours: 0\n  usageCutoffLagSeconds: 0\n  concurrency: 8\n');
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: h.databaseUrl, REDIS_PREFIX: 'bench', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10', TOLLGATE_CONFIG: config };
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'command');
  const queue = new Queue(QUEUE_NAMES.billing, { connection: redis, prefix: 'bench' });
  try {
    t = now();
    await queue.add(JOB_NAMES.scheduleBilling, { requestedBy: 'bench' });
    let finalized = 0;
    let lastPrint = t;
    while (finalized < orgs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finalized = (await client.query(`SELECT count(*)::int AS n FROM invoices WHERE status = 'FINALIZED'`)).rows[0].n;
      if (now() - lastPrint > 5_000) {
        print(`  ${fmt(finalized, 0)} invoices after ${fmt((now() - t) / 1000)} s`);
        lastPrint = now();
      }
      if (now() - t > 30 * 60_000) throw new Error(`only ${finalized} invoices after 30 minutes`);
    }
    const elapsedMs = now() - t;
    const check = (await client.query(`SELECT count(DISTINCT org_id)::int AS orgs, count(*)::int AS invoices, sum(total)::text AS total FROM invoices`)).rows[0];
    print(`  ${fmt(check.invoices, 0)} invoices for ${fmt(check.orgs, 0)} orgs (sum of totals ${check.total} USD) by ${workers} workers`);
    print(`  time to the last invoice: ${fmt(elapsedMs / 1000, 2)} s (${fmt(orgs / (elapsedMs / 1000), 0)} invoices/s); aim < 60 s`);
    print(`  raw PostgreSQL floor (one grouped scan, one row per org): ${fmt(rawMs / 1000, 2)} s → Tollgate takes ${fmt(elapsedMs / rawMs, 1)}× the floor`);
  } finally {
    await queue.close();
    await redis.quit();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
    await client.end();
  }
}
