import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { deleteKeysMatching, isCluster, type AlertRow } from '@tollgate/db';
import { alertChannel, createAppContext, type AppContext } from '@tollgate/services';
import { AlertStream } from '../src/alerts/alert-stream';
import { must, startTestApi, type TestApi } from './support/test-api';

const CREATE = `mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code reservationId } }`;
const RECORD = `mutation ($input: UsageInput!) { recordUsage(input: $input) { status } }`;
const BUDGET = `query ($id: ID!) { budget(id: $id) { spent { requests } reserved { requests } remaining { requests } } }`;

let api: TestApi;
let cluster: Cluster;
beforeAll(async () => {
  api = await startTestApi({}, { redis: 'cluster' });
  cluster = api.app.redis as Cluster;
});
afterAll(() => api.close());

/** The master that holds an org's keys (all under its {orgId} hash tag). */
async function masterOf(orgId: string): Promise<string> {
  const slot = Number(await cluster.cluster('KEYSLOT', `{${orgId}}`));
  return cluster.slots[slot]![0]!;
}

async function orgWithBudget(fields: Record<string, unknown>) {
  const { key: owner, orgId } = await api.createOrgWithKey('OWNER');
  const service = must(await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).createApiKey.secret as string;
  const budget = must(await api.gql(CREATE, { input: { name: 'cluster budget', period: 'MONTHLY', action: 'BLOCK', ...fields } }, owner)).createBudget;
  return { owner, service, orgId, budgetId: budget.id as string };
}

/** Two orgs whose counters live on different masters of the cluster. */
async function orgsOnTwoMasters(fields: Record<string, unknown>) {
  const first = await orgWithBudget(fields);
  const firstMaster = await masterOf(first.orgId);
  for (let tries = 0; tries < 20; tries++) {
    const second = await orgWithBudget(fields);
    if ((await masterOf(second.orgId)) !== firstMaster) return [first, second];
  }
  throw new Error('no second org on another master after 20 tries');
}

const authorize = (key: string) => api.gql(AUTHORIZE, { input: {} }, key);
const allowedOf = (results: Array<{ data?: any }>) => results.filter((r) => r.data?.authorizeUsage.allowed).length;

describe('on a 3-master Redis Cluster', () => {
  it('runs the whole context on the cluster', async () => {
    expect(isCluster(api.app.redis)).toBe(true);
    expect(cluster.nodes('master')).toHaveLength(3);
    expect(await api.app.checkReadiness()).toEqual({ postgres: true, redis: true });
  });

  it('authorizes, books and rebuilds counters exactly for two orgs on different masters', async () => {
    const orgs = await orgsOnTwoMasters({ requestLimit: 20 });
    const first = await Promise.all(orgs.map((org) => Promise.all(Array.from({ length: 60 }, () => authorize(org.service)))));
    expect(first.map(allowedOf)).toEqual([20, 20]);
    expect(first.flat().every((r) => r.data?.authorizeUsage.allowed || r.data?.authorizeUsage.code === 'BUDGET_EXCEEDED')).toBe(true);

    // Book one reservation of each org, then lose every counter: the rebuild from PostgreSQL keeps the rest reserved.
    for (const [i, org] of orgs.entries()) {
      const reservationId = first[i]!.find((r) => r.data?.authorizeUsage.allowed)!.data!.authorizeUsage.reservationId;
      must(await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), reservationId, costOverride: '0.01' } }, org.service));
    }
    for (const org of orgs) await deleteKeysMatching(cluster, `${api.app.config.REDIS_PREFIX}:{${org.orgId}}:*`);
    const again = await Promise.all(orgs.map((org) => Promise.all(Array.from({ length: 10 }, () => authorize(org.service)))));
    expect(again.map(allowedOf)).toEqual([0, 0]);
    for (const org of orgs) {
      expect(must(await api.gql(BUDGET, { id: org.budgetId }, org.owner)).budget).toEqual({ spent: { requests: 1 }, reserved: { requests: 19 }, remaining: { requests: 0 } });
    }
  });

  describe('alerts', () => {
    let second: AppContext;
    let stream: AlertStream;
    beforeAll(async () => {
      // Another API process on the same cluster, listening as every replica does.
      second = await createAppContext(api.app.config, 'api-2');
      stream = new AlertStream(second);
      await stream.start();
    });
    afterAll(async () => {
      await stream.close();
      await second.close();
    });

    it('raised through one process reach the alert stream of another', async () => {
      const { service, orgId, budgetId } = await orgWithBudget({ costLimit: '1', action: 'WARN' });
      const alerts = stream.subscribe(orgId, budgetId);
      must(await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), costOverride: '0.6' } }, service));
      const { value } = await alerts.next();
      await alerts.return!();
      expect(value).toMatchObject({ type: 'THRESHOLD_WARNING', threshold: 50, budgetId, orgId });
      expect(value.createdAt).toBeInstanceOf(Date);
    });

    it('published on any master reach the stream', async () => {
      const orgId = randomUUID();
      const alerts = stream.subscribe(orgId);
      const masters = cluster.nodes('master');
      for (const [i, node] of masters.entries()) {
        await node.publish(alertChannel(api.app.config.REDIS_PREFIX, orgId), JSON.stringify({ id: `alert-${i}`, orgId, createdAt: new Date().toISOString() }));
      }
      const received: AlertRow[] = [];
      for (const _ of masters) received.push((await alerts.next()).value);
      await alerts.return!();
      expect(received.map((alert) => alert.id).sort()).toEqual(['alert-0', 'alert-1', 'alert-2']);
    });
  });
});
