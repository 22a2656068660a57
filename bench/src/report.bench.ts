import { rollupUpsertSql } from '@tollgate/db';
import { Client } from 'pg';
import { fmt, now, percentiles } from './measure';
import type { Harness } from './harness';

const MONTH_FROM = '2026-10-01T00:00:00Z';
const MONTH_TO = '2026-11-01T00:00:00Z';
const CHUNK = 1_000_000;
const REPORT = `query ($from: DateTime!, $to: DateTime!) {
  usageReport(range: {from: $from, to: $to}, groupBy: [MODEL], interval: DAY) { source rows { bucketStart cost requests } totals { cost requests } }
}`;

/** Writes `count` events spread over October for one org straight into PostgreSQL, then builds their rollups. */
async function seedMonth(client: Client, orgId: string, count: number, print: (line: string) => void): Promise<void> {
  const txId = '00000000-0000-4000-8000-0000000000aa';
  await client.query(`INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type) VALUES ($1, $2, 'USAGE', 'bench', 'bench_seed')`, [orgId, txId]);
  const stepMs = (Date.parse(MONTH_TO) - Date.parse(MONTH_FROM)) / count;
  const started = now();
  for (let first = 0; first < count; first += CHUNK) {
    const last = Math.min(count, first + CHUNK) - 1;
    await client.query(
      `INSERT INTO usage_events (org_id, id, idempotency_key, request_hash, occurred_at, provider, model, user_id, category,
                                 input_tokens, output_tokens, cost, currency, credits, cost_source, latency_ms, success, actor, ledger_transaction_id)
       SELECT $1, gen_random_uuid(), 'seed-' || g, 'h', $2::timestamptz + (g * $3::float8) * interval '1 millisecond', 'openai',
              (ARRAY['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5'])[1 + g % 6], 'user-' || (g % 500), 'LLM_INFERENCE',
              800 + g % 400, 150 + g % 90, 0.0001 * (1 + g % 97), 'USD', 0.01 * (1 + g % 97), 'CATALOG', 100 + g % 3000, g % 40 <> 0, 'bench', $4
         FROM generate_series($5::bigint, $6::bigint) AS g`,
      [orgId, MONTH_FROM, stepMs, txId, first, last],
    );
    print(`  seeded ${fmt(last + 1, 0)} events (${fmt((now() - started) / 1000)} s)`);
  }
  await client.query(`WITH seeded AS (SELECT * FROM usage_events WHERE org_id = $1) ${rollupUpsertSql('seeded', 1)}`, [orgId]);
  await client.query('ANALYZE usage_events; ANALYZE usage_rollups');
  print(`  rollups built (${fmt((now() - started) / 1000)} s in all)`);
}

export async function benchReport(h: Harness, print: (line: string) => void): Promise<void> {
  const count = Number(process.env.BENCH_REPORT_EVENTS ?? 10_000_000);
  const { orgId, key } = await h.newOrg('report', 'VIEWER');
  const client = new Client({ connectionString: h.databaseUrl });
  await client.connect();
  print(`report: seeding ${fmt(count, 0)} events for one org in one month`);
  await seedMonth(client, orgId, count, print);

  const runs = Number(process.env.BENCH_REPORT_RUNS ?? 30);
  const variables = { from: MONTH_FROM, to: MONTH_TO };
  await h.gql(key, REPORT, variables);
  const latencies: number[] = [];
  let requests = 0;
  for (let i = 0; i < runs; i++) {
    const t = now();
    const data = await h.gql(key, REPORT, variables);
    latencies.push(now() - t);
    requests = data.usageReport.totals[0].requests;
  }
  const api = percentiles(latencies);

  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    await client.query(
      `SELECT model, date_trunc('day', occurred_at, 'Europe/Paris') AS day, sum(cost), count(*), sum(input_tokens), sum(output_tokens),
              avg(latency_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
         FROM usage_events WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2`,
      [orgId, MONTH_FROM, MONTH_TO],
    );
    scans.push(now() - t);
  }
  await client.end();
  const scan = percentiles(scans);
  print(`report, usageReport month by MODEL × DAY over ${fmt(requests, 0)} events via the API (${runs} runs): p50 ${fmt(api.p50)} ms, p95 ${fmt(api.p95)} ms`);
  print(`report, raw PostgreSQL scan of the same events (3 runs): p50 ${fmt(scan.p50)} ms`);
  print(`report, ratio raw scan / API p95: ${fmt(scan.p50 / api.p95, 0)}×`);
}
