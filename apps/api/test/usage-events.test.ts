import { randomUUID } from 'node:crypto';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const RECORD = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status eventId cost credits reason } }`;
const EVENTS = `query ($filter: UsageFilterInput, $first: Int, $after: String, $includeVoided: Boolean) {
  usageEvents(filter: $filter, first: $first, after: $after, includeVoided: $includeVoided) {
    edges { cursor node { id model userId cost project { id name } tags { key value } voidedAt } }
    pageInfo { endCursor hasNextPage }
  }
}`;

async function orgWithUsage(count: number) {
  const { key } = await api.createOrgWithKey('OWNER');
  const project = (await api.gql(`mutation { createProject(input: {name: "bot"}) { id } }`, {}, key)).data?.createProject.id;
  const inputs = Array.from({ length: count }, (_, i) => ({
    idempotencyKey: randomUUID(),
    occurredAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    provider: 'openai',
    model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini',
    userId: `u${i % 3}`,
    projectId: i % 4 ? project : null,
    tags: [{ key: 'env', value: i % 5 ? 'prod' : 'dev' }],
    inputTokens: 100 + i,
  }));
  const results = (await api.gql(RECORD, { inputs }, key)).data?.recordUsageBatch;
  return { key, project, inputs, results };
}

describe('usageEvents', () => {
  it('pages newest first through every event exactly once', async () => {
    const { key, inputs } = await orgWithUsage(23);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await api.gql(EVENTS, { first: 10, after }, key)).data?.usageEvents;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(inputs.length);
    expect(new Set(seen).size).toBe(inputs.length);
  });

  it('filters by model, user and tag, and resolves projects in one batched lookup', async () => {
    const { key, inputs } = await orgWithUsage(20);
    const spy = jest.spyOn(api.app.organizations, 'findProjects');
    const page = (await api.gql(EVENTS, { filter: { model: 'gpt-4o', userId: 'u1' }, first: 100 }, key)).data?.usageEvents;
    const expected = inputs.filter((e, i) => i % 2 === 1 && e.userId === 'u1');
    expect(page.edges).toHaveLength(expected.length);
    expect(page.edges.every((e: any) => e.node.model === 'gpt-4o' && e.node.userId === 'u1')).toBe(true);
    expect(page.edges.some((e: any) => e.node.project?.name === 'bot')).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const dev = (await api.gql(EVENTS, { filter: { tag: { key: 'env', value: 'dev' } }, first: 100 }, key)).data?.usageEvents;
    expect(dev.edges).toHaveLength(4);
  });

  it('hides voided events unless asked', async () => {
    const { key, results } = await orgWithUsage(3);
    await api.gql(`mutation ($id: ID!) { voidUsageEvent(id: $id, reason: "test") { id } }`, { id: results[0].eventId }, key);
    expect((await api.gql(EVENTS, {}, key)).data?.usageEvents.edges).toHaveLength(2);
    expect((await api.gql(EVENTS, { includeVoided: true }, key)).data?.usageEvents.edges).toHaveLength(3);
  });
});

describe('stats and retention', () => {
  it('counts events and purges old raw events while reports keep their totals', async () => {
    const { key } = await orgWithUsage(12);
    const stats = (await api.gql(`{ stats { events voidedEvents firstEventAt lastEventAt } }`, {}, key)).data?.stats;
    expect(stats).toMatchObject({ events: 12, voidedEvents: 0, firstEventAt: '2025-01-01T00:00:00.000Z' });
    const REPORT = `{ usageReport(range: {from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z"}) { totals { cost requests } } }`;
    const before = (await api.gql(REPORT, {}, key)).data?.usageReport.totals;
    const purged = await api.gql(`mutation { purgeUsageBefore(before: "2025-01-01T00:06:00Z") }`, {}, key);
    expect(purged.data?.purgeUsageBefore).toBe(6);
    expect((await api.gql(`{ stats { events } }`, {}, key)).data?.stats.events).toBe(6);
    expect((await api.gql(REPORT, {}, key)).data?.usageReport.totals).toEqual(before);
    expect(errorCode(await api.gql(`mutation { purgeUsageBefore(before: "${new Date().toISOString()}") }`, {}, key))).toBe('BAD_USER_INPUT');
  });
});

describe('credit rates and values', () => {
  it('lets an org replace a default rate and the credit value from an instant on', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    await api.gql(`mutation { setCreditRate(input: {feature: "translate", kind: "ACTION", credits: "4", perUnits: "1000", unit: "words", effectiveFrom: "2025-06-01T00:00:00Z"}) { feature } }`, {}, key);
    await api.gql(`mutation { setCreditValue(input: {amount: "0.02", currency: "USD", effectiveFrom: "2025-06-01T00:00:00Z"}) { amount } }`, {}, key);
    const rates = (await api.gql(`{ creditRates { feature credits isDefault } }`, {}, key)).data?.creditRates;
    expect(rates).toEqual(expect.arrayContaining([{ feature: 'translate', credits: '4', isDefault: false }, { feature: 'summarize', credits: '2', isDefault: true }]));
    const [before, after] = (
      await api.gql(
        RECORD,
        {
          inputs: [
            { idempotencyKey: randomUUID(), feature: 'translate', units: '1000', occurredAt: '2025-05-31T23:59:59Z' },
            { idempotencyKey: randomUUID(), feature: 'translate', units: '1000', occurredAt: '2025-06-01T00:00:00Z' },
          ],
        },
        key,
      )
    ).data?.recordUsageBatch;
    expect(before).toMatchObject({ credits: '5', cost: '0.05' });
    expect(after).toMatchObject({ credits: '4', cost: '0.08' });
  });
});
