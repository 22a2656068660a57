import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabaseExists } from '@tollgate/db';
import { loadConfig, prepareDatabase } from '@tollgate/services';
import { Client } from 'pg';

export interface Harness {
  url: string;
  databaseUrl: string;
  /** A fresh org and a key of `role` (SERVICE by default) for it, created through the API. */
  newOrg(name: string, role?: 'SERVICE' | 'VIEWER' | 'OWNER'): Promise<{ orgId: string; key: string }>;
  gql(key: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const ROOT = join(__dirname, '..', '..');

/** Starts the real API process (apps/api/dist/main.js) on a free port and resolves its URL. */
function startApiProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_API_NODE_ARGS passes node flags to the API, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'apps/api/dist/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL API: (\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1].replace('localhost', '127.0.0.1') });
    });
    child.on('exit', (code) => reject(new Error(`API exited with ${code}: ${output}`)));
  });
}

/** A worker process of the product (apps/worker/dist/main.js), resolved once it reports ready. */
export function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'apps/worker/dist/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tollgate worker: processing')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

/** A throwaway database (dropped and recreated), migrated and seeded, and the API as its own process. */
export async function startHarness(): Promise<Harness> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = '/tollgate_bench';
  const databaseUrl = base.toString();
  const admin = new Client({ connectionString: databaseUrl.replace('/tollgate_bench', '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS tollgate_bench WITH (FORCE)');
  await admin.end();
  await ensureDatabaseExists(databaseUrl);
  const env = { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', REDIS_PREFIX: 'bench', DATABASE_POOL_SIZE: '20' };
  await prepareDatabase(loadConfig(env), { seedCatalog: true });
  const { child, url } = await startApiProcess(env);

  const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  return {
    url,
    databaseUrl,
    gql,
    async newOrg(name, role = 'SERVICE') {
      const org = await gql(ADMIN_KEY, `mutation ($n: String!) { createOrganization(input: {name: $n, currency: "USD", timezone: "Europe/Paris"}) { id } }`, { n: name });
      const orgId = org.createOrganization.id as string;
      const key = await gql(ADMIN_KEY, `mutation ($o: ID!, $r: OrgRole!) { createApiKey(input: {organizationId: $o, name: "bench", role: $r}) { secret } }`, { o: orgId, r: role });
      return { orgId, key: key.createApiKey.secret as string };
    },
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export const usageInput = (i: number, occurredAt?: string) => ({
  idempotencyKey: `${randomUUID()}-${i}`,
  occurredAt,
  provider: 'openai',
  model: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
  userId: `user-${i % 50}`,
  inputTokens: 800 + (i % 400),
  cacheReadTokens: i % 200,
  outputTokens: 150 + (i % 90),
  latencyMs: 200 + (i % 1500),
});
