import { JOB_NAMES, QUEUE_NAMES } from '@tollgate/services';
import { createRedis, rollupUpsertSql } from '@tollgate/db';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { fmt, now } from './measure';
import { startWorker, type Harness } from './harness';

const HOUR = 3_600_000;

/**
 * The hourly spend watch: ORGS orgs with 28 days of hourly usage (two models,
 * five end users each), scanned by WORKERS worker processes from the moment
 * the hourly job is enqueued until every org's scan is done. The first hour
 * is cold (each org's 28-day hourly series is built); the next is the steady
 * state (three hours rewritten, windows read). Compared with reading the same
 * 28-day hourly series of every org straight from the rollups in one query.
 */
export async function benchSpendWatch(h: Harness, print: (line: string) => void): Promise<void> {
  const orgs = Number(process.env.BENCH_WATCH_ORGS ?? 1_000);
  const workers = Number(process.env.BENCH_WATCH_WORKERS ?? 2);
  const last = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
  const first = new Date(last.getTime() - 28 * 24 * HOUR);
  const hours = (last.getTime() - first.getTime()) / HOUR + 1;
  const client = new Client({ connectionString: h.databaseUrl });
  await client.connect();

  print(`spend watch: seeding ${fmt(orgs, 0)} orgs × ${hours} hours × 2 models (${fmt(orgs * hours * 2, 0)} events)`);
  let t = now();
  await client.query(`CREATE TEMP TABLE watch_orgs AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) AS g`, [orgs]);
  await client.query(`INSERT INTO organizations (id, name, currency, timezone) SELECT id, 'Watch' || n, 'USD', 'UTC' FROM watch_orgs`);
  await client.query(`INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type) SELECT id, id, 'USAGE', 'bench', 'bench_seed' FROM watch_orgs`);
  // A business-hours day, weekends at half, a little noise; the last hour of org n % 10 = 0 spikes ×20.
  await client.query(
    `INSERT INTO usage_events (org_id, id, idempotency_key, request_hash, occurred_at, provider, model, user_id, category,
                               input_tokens, output_tokens, cost, currency, credits, cost_source, actor, ledger_transaction_id)
     SELECT o.id, gen_random_uuid(), 'watch-' || o.n || '-' || h || '-' || m, 'h', $1::timestamptz + h * interval '1 hour' + interval '7 minutes',
            'openai', (ARRAY['gpt-4o', 'gpt-4o-mini'])[m], 'user-' || ((h + m) % 5), 'LLM_INFERENCE', 1000, 100,
            round((CASE WHEN extract(hour FROM $1::timestamptz + h * interval '1 hour') BETWEEN 8 AND 19 THEN 3 ELSE 1 END)
                  * (CASE WHEN extract(isodow FROM $1::timestamptz + h * interval '1 hour') >= 6 THEN 0.5 ELSE 1 END)
                  * (0.9 + 0.2 * random())::numeric * (CASE WHEN h = $2::int - 1 AND o.n % 10 = 0 AND m = 1 THEN 20 ELSE 1 END) / m, 6),
            'USD', 1, 'CATALOG', 'bench', o.id
       FROM watch_orgs o CROSS JOIN generate_series(0, $2::int - 1) AS h CROSS JOIN generate_series(1, 2) AS m`,
    [first, hours],
  );
  await client.query(`WITH source AS (SELECT * FROM usage_events) ${rollupUpsertSql('source', 1)}`);
  await client.query('ANALYZE');
  print(`  seeded in ${fmt((now() - t) / 1000)} s`);

  t = now();
  const raw = await client.query(
    `SELECT org_id, model, date_trunc('hour', bucket_start, 'UTC') AS hour, sum(cost) FROM usage_rollups WHERE bucket_start >= $1 AND bucket_start < $2 GROUP BY 1, 2, 3`,
    [first, new Date(last.getTime() + HOUR)],
  );
  const rawMs = now() - t;

  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: h.databaseUrl, REDIS_PREFIX: 'bench', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10' };
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'command');
  const queue = new Queue(QUEUE_NAMES.insights, { connection: redis, prefix: 'bench' });
  const scanHour = async (hour: Date) => {
    const started = now();
    await queue.add(JOB_NAMES.scheduleSpendScans, { requestedBy: 'bench', hour: hour.toISOString() });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const done = (await client.query(`SELECT count(*)::int AS n FROM spend_scans WHERE scanned_through >= $1`, [new Date(hour.getTime() + HOUR)])).rows[0].n;
      if (done >= orgs) return now() - started;
      if (now() - started > 30 * 60_000) throw new Error(`only ${done} orgs scanned after 30 minutes`);
    }
  };
  try {
    const coldMs = await scanHour(new Date(last.getTime() - HOUR));
    const warmMs = await scanHour(last);
    const found = (await client.query(`SELECT count(*)::int AS n, count(DISTINCT org_id)::int AS orgs FROM anomalies WHERE first_hour = $1 AND dimension = 'MODEL'`, [last])).rows[0];
    print(`  cold hour (28-day series built): ${fmt(coldMs / 1000, 2)} s for ${fmt(orgs, 0)} orgs (${fmt(orgs / (coldMs / 1000), 0)} orgs/s) by ${workers} workers`);
    print(`  steady hour: ${fmt(warmMs / 1000, 2)} s (${fmt(orgs / (warmMs / 1000), 0)} orgs/s); model anomalies in the spiked hour: ${found.n} in ${found.orgs} orgs (${orgs / 10} orgs spiked)`);
    print(`  raw PostgreSQL: every org's 28-day hourly series from the rollups in one query (${fmt(raw.rowCount ?? 0, 0)} rows): ${fmt(rawMs / 1000, 2)} s → the steady hour takes ${fmt(warmMs / rawMs, 2)}× that`);
  } finally {
    await queue.close();
    await redis.quit();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
    await client.end();
  }
}
