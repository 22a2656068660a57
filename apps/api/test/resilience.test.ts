import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  TEST_ADMIN_KEY,
  createTestAppContext,
  spawnTollgateProcess,
  startRedisServer,
  terminateBackends,
  waitUntil,
  type RedisServer,
  type TestAppContext,
  type TollgateProcess,
} from '@tollgate/services';

/**
 * The API as a real child process while its dependencies fail under it:
 * PostgreSQL ends every connection of the database (mid-traffic and while
 * idle), and a Redis of the test's own is killed and restarted. The process
 * must stay up and answer again without a restart.
 */
const MAIN = join(__dirname, '..', 'dist', 'main.js');

let ctx: TestAppContext;
const processes: TollgateProcess[] = [];
let redis: RedisServer | undefined;

beforeAll(async () => {
  ctx = await createTestAppContext('api-resilience');
});

afterAll(async () => {
  for (const api of processes) await api.stop();
  await redis?.stop();
  await ctx.teardown();
});

async function startApi(env: NodeJS.ProcessEnv = {}) {
  const api = spawnTollgateProcess(MAIN, {
    DATABASE_URL: ctx.app.config.DATABASE_URL,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: ctx.app.config.REDIS_URL,
    REDIS_PREFIX: ctx.app.config.REDIS_PREFIX,
    TOLLGATE_ADMIN_KEY: TEST_ADMIN_KEY,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  });
  processes.push(api);
  const [, url] = await api.waitForOutput(/Tollgate GraphQL API: (\S+)/);
  const gql = async (query: string, variables: Record<string, unknown> = {}, key = TEST_ADMIN_KEY) => {
    const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };
  const ready = async () => (await fetch(url!.replace('/graphql', '/readyz'))).json() as Promise<{ postgres?: boolean; redis?: boolean }>;
  return { api, url: url!, gql, ready };
}

type Api = Awaited<ReturnType<typeof startApi>>;

async function orgWithBudget(api: Api) {
  const org = await api.gql(`mutation { createOrganization(input: {name: "Resilient", currency: "USD", timezone: "UTC"}) { id } }`);
  const orgId = org.data!.createOrganization.id as string;
  const created = await api.gql(`mutation ($o: ID) { createApiKey(input: {organizationId: $o, name: "owner", role: OWNER}) { secret } }`, { o: orgId });
  const key = created.data!.createApiKey.secret as string;
  const budget = await api.gql(`mutation { createBudget(input: {name: "b", period: MONTHLY, action: BLOCK, requestLimit: 1000000}) { id } }`, {}, key);
  if (!budget.data) throw new Error(JSON.stringify(budget.errors));
  return { orgId, key };
}

const AUTHORIZE = `mutation { authorizeUsage(input: {estimatedCost: "0.01"}) { allowed } }`;
const RECORD = `mutation ($i: UsageInput!) { recordUsage(input: $i) { status } }`;
const record = (api: Api, key: string) => api.gql(RECORD, { i: { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 20 } }, key);

const terminate = () => terminateBackends(ctx.app.dataSource);

/** `count` consecutive successful authorize + record calls: the process answers normally again. */
async function answersAgain(api: Api, key: string, count = 20): Promise<void> {
  await waitUntil(async () => {
    for (let i = 0; i < count; i++) {
      const [authorized, recorded] = await Promise.all([api.gql(AUTHORIZE, {}, key), record(api, key)]);
      if (authorized.data?.authorizeUsage.allowed !== true || recorded.data?.recordUsage.status !== 'CREATED') return false;
    }
    return true;
  }, 15_000, 'the API to answer again');
}

describe('the API process', () => {
  it('stays up when PostgreSQL terminates its connections mid-traffic and while idle, and answers again', async () => {
    const api = await startApi();
    const { key } = await orgWithBudget(api);
    await answersAgain(api, key, 5);

    let terminations = 0;
    // Calls whose connection dies fail; what matters is the process and what follows.
    const traffic = async (call: () => Promise<unknown>) => {
      while (terminations < 10 && api.api.alive()) await call().catch(() => undefined);
    };
    const clients = Array.from({ length: 6 }, (_, i) => traffic(() => (i % 2 ? record(api, key) : api.gql(AUTHORIZE, {}, key))));
    // Terminate whenever the traffic has just been answered: connections are checked out or just back in the pool.
    const terminator = (async () => {
      while (terminations < 10 && api.api.alive()) {
        await api.gql(AUTHORIZE, {}, key).catch(() => undefined);
        if ((await terminate()) > 0) terminations += 1;
      }
    })();
    await Promise.all([...clients, terminator]);
    expect(api.api.alive()).toBe(true);

    // Idle connections ended by the server: the pools' 'error' listeners must take them (unhandled, they kill the process).
    await answersAgain(api, key, 5);
    expect(await terminate()).toBeGreaterThan(0);
    await waitUntil(async () => /PostgreSQL[^"]*: connection error/.test(api.api.output()) || false, 10_000, 'the pool error logged at warn');
    await answersAgain(api, key);
    expect(await api.ready()).toMatchObject({ postgres: true, redis: true });

    expect(api.api.alive()).toBe(true);
    expect(api.api.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(terminations).toBe(10);
  }, 90_000);

  it('stays up when its Redis is killed and restarted, and answers again', async () => {
    redis = await startRedisServer();
    const api = await startApi({ REDIS_URL: redis.url });
    const { key } = await orgWithBudget(api);
    await answersAgain(api, key, 5);

    await redis.kill();
    await waitUntil(async () => ((await api.ready()).redis === false ? true : false), 10_000, 'readiness to report Redis down');
    expect((await api.gql(AUTHORIZE, {}, key)).data?.authorizeUsage?.allowed).not.toBe(true); // unsure means deny
    await redis.restart();

    // Redis came back empty: the counters are rebuilt from PostgreSQL and calls succeed again.
    await answersAgain(api, key);
    expect(await api.ready()).toMatchObject({ postgres: true, redis: true });
    expect(api.api.alive()).toBe(true);
    expect(api.api.output()).not.toMatch(/\[ioredis\] Unhandled error event/);
    expect(api.api.output()).toMatch(/Redis[^"]*: connection error/);
  }, 90_000);
});
