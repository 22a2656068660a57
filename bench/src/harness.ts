import { randomUUID } from 'node:crypto';
import { startApiServer, buildTollgateSchema, type ApiServer } from '@tollgate/api';
import { ensureDatabaseExists } from '@tollgate/db';
import { createAppContext, loadConfig, prepareDatabase, type AppContext } from '@tollgate/services';
import { Client } from 'pg';

export interface Harness {
  app: AppContext;
  server: ApiServer;
  url: string;
  databaseUrl: string;
  /** A fresh org and a SERVICE key for it. */
  newOrg(name: string): Promise<{ orgId: string; key: string }>;
  gql(key: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** A throwaway database (dropped and recreated), migrated and seeded, and an API on an ephemeral port. */
export async function startHarness(): Promise<Harness> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = '/tollgate_bench';
  const databaseUrl = base.toString();
  const admin = new Client({ connectionString: databaseUrl.replace('/tollgate_bench', '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS tollgate_bench WITH (FORCE)');
  await admin.end();
  await ensureDatabaseExists(databaseUrl);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'silent', REDIS_PREFIX: 'bench', DATABASE_POOL_SIZE: '20' });
  await prepareDatabase(config, { seedCatalog: true });
  const app = await createAppContext(config, 'bench');
  const server = await startApiServer(app, await buildTollgateSchema(), { port: 0, host: '127.0.0.1' });

  const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  return {
    app,
    server,
    url: server.url,
    databaseUrl,
    gql,
    async newOrg(name) {
      const org = await gql(ADMIN_KEY, `mutation ($n: String!) { createOrganization(input: {name: $n, currency: "USD", timezone: "Europe/Paris"}) { id } }`, { n: name });
      const orgId = org.createOrganization.id as string;
      const key = await gql(ADMIN_KEY, `mutation ($o: ID!) { createApiKey(input: {organizationId: $o, name: "bench", role: SERVICE}) { secret } }`, { o: orgId });
      return { orgId, key: key.createApiKey.secret as string };
    },
    async close() {
      await server.close();
      await app.close();
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
