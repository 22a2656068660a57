import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createAppContext } from '@tollgate/services';
import { startApiServer } from '../src/http/api-server';
import { buildTollgateSchema } from '../src/schema/build-schema';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const CREATE = `mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id name status thresholds periodStart periodEnd spent { cost requests } remaining { cost requests } } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId remaining { budgetId requests cost } warnings retryAfterSeconds } }`;
const RECORD = `mutation ($input: UsageInput!) { recordUsage(input: $input) { status cost } }`;
const BUDGET = `query ($id: ID!) { budget(id: $id) { status utilization spent { cost requests } reserved { requests } remaining { requests cost } suspendedAt } }`;
const ALERTS = `query ($filter: AlertFilterInput) { alerts(filter: $filter) { id type threshold status message } }`;

async function orgWithBudget(fields: Record<string, unknown>) {
  const { key: owner, orgId } = await api.createOrgWithKey('OWNER');
  const service = (await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).data?.createApiKey.secret;
  const created = await api.gql(CREATE, { input: { name: 'chat budget', period: 'MONTHLY', action: 'BLOCK', ...fields } }, owner);
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return { owner, service, orgId, budget: created.data.createBudget };
}
const authorize = (key: string, input: Record<string, unknown> = {}) => api.gql(AUTHORIZE, { input }, key);
const deleteOrgCounters = async (orgId: string) => {
  const keys = await api.app.redis.keys(`${api.app.config.REDIS_PREFIX}:{${orgId}}:*`);
  if (keys.length) await api.app.redis.del(...keys);
};

describe('budgets', () => {
  it('are created with the configured thresholds and validated', async () => {
    const { budget, owner } = await orgWithBudget({ requestLimit: 10 });
    expect(budget).toMatchObject({ status: 'OK', thresholds: [50, 80, 90, 100], spent: { requests: 0 }, remaining: { requests: 10 } });
    expect(errorCode(await api.gql(CREATE, { input: { name: 'x', period: 'DAILY', action: 'BLOCK' } }, owner))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(CREATE, { input: { name: 'x', period: 'DAILY', action: 'THROTTLE', costLimit: '1' } }, owner))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(CREATE, { input: { name: 'x', period: 'CUSTOM', action: 'WARN', costLimit: '1' } }, owner))).toBe('BAD_USER_INPUT');
    const updated = await api.gql(`mutation ($id: ID!) { updateBudget(id: $id, input: {requestLimit: 20, name: "bigger"}) { name remaining { requests } } }`, { id: budget.id }, owner);
    expect(updated.data?.updateBudget).toEqual({ name: 'bigger', remaining: { requests: 20 } });
    expect((await api.gql(`mutation ($id: ID!) { deleteBudget(id: $id) }`, { id: budget.id }, owner)).data?.deleteBudget).toBe(true);
    expect(errorCode(await api.gql(BUDGET, { id: budget.id }, owner))).toBe('NOT_FOUND');
  });

  it('count their period in the org’s time zone', async () => {
    const { key: owner } = await api.createOrgWithKey('OWNER', { timezone: 'Asia/Kolkata' });
    const daily = (await api.gql(CREATE, { input: { name: 'd', period: 'DAILY', action: 'WARN', requestLimit: 5 } }, owner)).data?.createBudget;
    expect(new Date(daily.periodStart).getUTCMinutes()).toBe(30);
    expect(new Date(daily.periodEnd).getTime() - new Date(daily.periodStart).getTime()).toBe(86_400_000);
  });
});

describe('authorizeUsage', () => {
  it('allows exactly 50 of 200 concurrent calls against room for 50, and says why the rest are denied', async () => {
    const { service, budget, owner } = await orgWithBudget({ requestLimit: 50 });
    const results = await Promise.all(Array.from({ length: 200 }, () => authorize(service)));
    const allowed = results.filter((r) => r.data?.authorizeUsage.allowed);
    const denied = results.filter((r) => r.data?.authorizeUsage.allowed === false);
    expect(allowed).toHaveLength(50);
    expect(denied).toHaveLength(150);
    expect(denied[0]?.data?.authorizeUsage).toMatchObject({ code: 'BUDGET_EXCEEDED', message: 'Budget "chat budget" would exceed its request limit' });
    expect((await api.gql(BUDGET, { id: budget.id }, owner)).data?.budget).toMatchObject({ reserved: { requests: 50 }, remaining: { requests: 0 } });
    const violations = (await api.gql(ALERTS, { filter: { type: 'POLICY_VIOLATION' } }, owner)).data?.alerts;
    expect(violations).toHaveLength(1);
  });

  it('settles a reservation with the usage recorded against it', async () => {
    const { service, budget, owner } = await orgWithBudget({ costLimit: '1' });
    const auth = (await authorize(service, { provider: 'openai', model: 'gpt-4o', estimatedInputTokens: 100_000, estimatedOutputTokens: 10_000 })).data?.authorizeUsage;
    expect(auth).toMatchObject({ allowed: true, remaining: [{ budgetId: budget.id, cost: '0.65' }] });
    await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), reservationId: auth.reservationId, provider: 'openai', model: 'gpt-4o', inputTokens: 40_000, outputTokens: 1_000 } }, service);
    const after = (await api.gql(BUDGET, { id: budget.id }, owner)).data?.budget;
    expect(after).toMatchObject({ spent: { cost: '0.11' }, reserved: { requests: 0 }, remaining: { cost: '0.89' } });
    const next = (await authorize(service, { estimatedCost: '0.89' })).data?.authorizeUsage;
    expect(next.allowed).toBe(true);
    expect((await authorize(service, { estimatedCost: '0.000000001' })).data?.authorizeUsage.allowed).toBe(false);
  });

  it('frees the room of a reservation that expires unsettled', async () => {
    const { service } = await orgWithBudget({ requestLimit: 1 });
    expect((await authorize(service, { ttlSeconds: 1 })).data?.authorizeUsage.allowed).toBe(true);
    expect((await authorize(service)).data?.authorizeUsage.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await authorize(service)).data?.authorizeUsage.allowed).toBe(true);
  });

  it('does not overspend when Redis loses its counters mid-way: they are rebuilt from PostgreSQL', async () => {
    const { service, orgId } = await orgWithBudget({ requestLimit: 50 });
    const first = await Promise.all(Array.from({ length: 30 }, () => authorize(service)));
    expect(first.every((r) => r.data?.authorizeUsage.allowed)).toBe(true);
    await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), reservationId: first[0]!.data?.authorizeUsage.reservationId, costOverride: '0.01' } }, service);
    await deleteOrgCounters(orgId);
    const rest = await Promise.all(Array.from({ length: 200 }, () => authorize(service)));
    expect(rest.filter((r) => r.data?.authorizeUsage.allowed)).toHaveLength(20);
  });

  it('counts usage recorded without authorization, and can push a budget to EXCEEDED', async () => {
    const { service, budget, owner } = await orgWithBudget({ requestLimit: 3, action: 'WARN' });
    for (let i = 0; i < 4; i++) await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: '0.01' } }, service);
    expect((await api.gql(BUDGET, { id: budget.id }, owner)).data?.budget).toMatchObject({ status: 'EXCEEDED', spent: { requests: 4 } });
    const warn = (await authorize(service)).data?.authorizeUsage;
    expect(warn).toMatchObject({ allowed: true, warnings: ['Budget "chat budget" is over its limit (it warns, it does not block)'] });
  });

  it('throttles past the warning level', async () => {
    const { service } = await orgWithBudget({ requestLimit: 100, action: 'THROTTLE', throttlePerMinute: 2 });
    for (let i = 0; i < 80; i++) await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: '0' } }, service);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await authorize(service)).data?.authorizeUsage);
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ code: 'RATE_LIMITED' });
    expect(results[2].retryAfterSeconds).toBeGreaterThan(0);
  });

  it('suspends an auto-suspending budget once exceeded, until it is reset', async () => {
    const { service, budget, owner } = await orgWithBudget({ requestLimit: 2, action: 'WARN', autoSuspend: true });
    for (let i = 0; i < 2; i++) await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: '0' } }, service);
    const suspended = (await authorize(service)).data?.authorizeUsage;
    expect(suspended).toMatchObject({ allowed: false, code: 'BUDGET_EXCEEDED' });
    expect(suspended.message).toMatch(/suspended/);
    expect((await api.gql(BUDGET, { id: budget.id }, owner)).data?.budget.status).toBe('SUSPENDED');
    const reset = await api.gql(`mutation ($id: ID!) { resetBudget(id: $id) { status spent { requests } } }`, { id: budget.id }, owner);
    expect(reset.data?.resetBudget).toEqual({ status: 'OK', spent: { requests: 0 } });
    expect((await authorize(service)).data?.authorizeUsage.allowed).toBe(true);
  });
});

describe('alerts', () => {
  it('fire each threshold once per period, and can be acknowledged and resolved', async () => {
    const { service, owner } = await orgWithBudget({ costLimit: '1', action: 'WARN' });
    const spend = (amount: string) => api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: amount } }, service);
    await spend('0.55');
    await spend('0.01');
    await spend('0.30');
    await spend('0.01');
    const alerts = (await api.gql(ALERTS, {}, owner)).data?.alerts;
    expect(alerts.map((a: any) => [a.type, a.threshold]).sort()).toEqual([['THRESHOLD_WARNING', 50], ['THRESHOLD_WARNING', 80]]);
    const id = alerts[0].id;
    expect((await api.gql(`mutation ($id: ID!) { acknowledgeAlert(id: $id) { status } }`, { id }, owner)).data?.acknowledgeAlert.status).toBe('ACKNOWLEDGED');
    expect((await api.gql(`mutation ($id: ID!) { resolveAlert(id: $id) { status } }`, { id }, owner)).data?.resolveAlert.status).toBe('RESOLVED');
    await spend('0.2');
    const later = (await api.gql(ALERTS, {}, owner)).data?.alerts.map((a: any) => a.type).sort();
    expect(later).toEqual(['LIMIT_EXCEEDED', 'THRESHOLD_CRITICAL', 'THRESHOLD_WARNING', 'THRESHOLD_WARNING']);
  });

  it('reach a graphql-ws subscriber on a second API process, raised through the first', async () => {
    const second = await createAppContext(api.app.config, 'api-2');
    const server = await startApiServer(second, await buildTollgateSchema(), { port: 0, host: '127.0.0.1' });
    try {
      const { service, owner, budget } = await orgWithBudget({ costLimit: '1', action: 'WARN' });
      const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${owner}` }, retryAttempts: 0 });
      const received = new Promise<any>((resolve, reject) => {
        client.subscribe({ query: `subscription ($b: ID) { budgetAlerts(budgetId: $b) { type threshold budgetId message } }`, variables: { b: budget.id } }, { next: resolve, error: reject, complete: () => undefined });
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: '0.6' } }, service);
      const message = await received;
      await client.dispose();
      expect(message.data.budgetAlerts).toMatchObject({ type: 'THRESHOLD_WARNING', threshold: 50, budgetId: budget.id });
    } finally {
      await server.close();
      await second.close();
    }
  });
});
