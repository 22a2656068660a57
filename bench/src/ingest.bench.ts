import { Client } from 'pg';
import { Dec } from '@tollgate/core';
import { USAGE_EVENT_COLUMNS, uuidv7, type UsageEventRow } from '@tollgate/db';
import { fmt, now, percentiles, runConcurrent } from './measure';
import { usageInput, type Harness } from './harness';

const BATCH = 1_000;
const CLIENTS = Number(process.env.BENCH_BATCH_CLIENTS ?? 2);
const RECORD_BATCH = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`;
const RECORD = `mutation ($input: UsageInput!) { recordUsage(input: $input) { status } }`;

/** The stored form of the same event the API receives, priced at a fixed amount. */
function rawRow(i: number, orgId: string, ledgerTransactionId: string): UsageEventRow {
  const input = usageInput(i);
  return {
    ...input,
    orgId,
    id: uuidv7(),
    requestHash: 'h',
    occurredAt: new Date(),
    projectId: null,
    sessionId: null,
    feature: null,
    category: 'LLM_INFERENCE',
    tags: {},
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    embeddingTokens: 0,
    imageCount: 0,
    imageSize: null,
    imageQuality: null,
    units: null,
    unit: null,
    durationSeconds: null,
    cost: new Dec('0.001'),
    currency: 'USD',
    credits: new Dec('0.1'),
    costSource: 'CATALOG',
    priceEffectiveFrom: null,
    success: true,
    metadata: null,
    reservationId: null,
    actor: 'bench',
    ledgerTransactionId,
  };
}

/** Raw PostgreSQL: the same rows, multi-row INSERT ... SELECT unnest into a table of the same shape and unique index, from as many connections as the API gets clients. */
async function rawInsertRate(h: Harness, batches: number, clients: number): Promise<{ rate: number; latencies: number[] }> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: h.databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const [first] = connections as [Client];
  await first.query(`DROP TABLE IF EXISTS bench_raw_events`);
  await first.query(`CREATE TABLE bench_raw_events (LIKE usage_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  const columns = USAGE_EVENT_COLUMNS.map(([c]) => c);
  const unnest = USAGE_EVENT_COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
  const sql = `INSERT INTO bench_raw_events (org_id, ${columns.join(', ')}) SELECT $1, * FROM unnest(${unnest}) ON CONFLICT (org_id, idempotency_key) DO NOTHING`;
  const orgId = '00000000-0000-4000-8000-000000000001';
  const txId = '00000000-0000-4000-8000-000000000002';
  const run = await runConcurrent(clients, batches, async (b) => {
    const rows = Array.from({ length: BATCH }, (_, i) => rawRow(b * BATCH + i, orgId, txId));
    await connections[b % clients]!.query(sql, [orgId, ...USAGE_EVENT_COLUMNS.map(([, , value]) => rows.map(value))]);
  });
  await first.query(`DROP TABLE bench_raw_events`);
  await Promise.all(connections.map((c) => c.end()));
  return { rate: (batches * BATCH) / (run.elapsedMs / 1000), latencies: run.latencies };
}

/** Flushes dirty pages so one measurement does not pay for the previous one's writes. */
async function checkpoint(h: Harness): Promise<void> {
  const client = new Client({ connectionString: h.databaseUrl });
  await client.connect();
  await client.query('CHECKPOINT');
  await client.end();
}

export async function benchIngest(h: Harness, print: (line: string) => void): Promise<void> {
  const { key } = await h.newOrg('ingest');
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 40);
  await h.gql(key, RECORD_BATCH, { inputs: Array.from({ length: BATCH }, (_, i) => usageInput(i)) }); // warm-up

  const raw = await rawInsertRate(h, batches, CLIENTS);
  await checkpoint(h);
  const batch = await runConcurrent(CLIENTS, batches, async (b) => {
    await h.gql(key, RECORD_BATCH, { inputs: Array.from({ length: BATCH }, (_, i) => usageInput(b * BATCH + i)) });
  });
  const apiRate = (batches * BATCH) / (batch.elapsedMs / 1000);
  await checkpoint(h);
  const batchP = percentiles(batch.latencies);
  const rawP = percentiles(raw.latencies);
  print(`ingest, recordUsageBatch (${batches} × ${BATCH} events, ${CLIENTS} clients): ${fmt(apiRate, 0)} events/s; per batch p50 ${fmt(batchP.p50)} ms, p99 ${fmt(batchP.p99)} ms`);
  print(`ingest, raw PostgreSQL multi-row INSERT of the same rows (${CLIENTS} connections): ${fmt(raw.rate, 0)} events/s; per batch p50 ${fmt(rawP.p50)} ms, p99 ${fmt(rawP.p99)} ms`);
  print(`ingest, ratio API batch / raw INSERT: ${fmt((apiRate / raw.rate) * 100)}%`);

  const singles = Number(process.env.BENCH_SINGLE_EVENTS ?? 8_000);
  const single = await runConcurrent(16, singles, async (i) => {
    await h.gql(key, RECORD, { input: usageInput(i) });
  });
  const singleP = percentiles(single.latencies);
  print(`ingest, recordUsage single events (16 clients, ${singles} calls): ${fmt(singles / (single.elapsedMs / 1000), 0)} events/s; p50 ${fmt(singleP.p50)} ms, p99 ${fmt(singleP.p99)} ms`);
}
