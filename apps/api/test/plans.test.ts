import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const CREATE_PLAN = `mutation ($input: PlanInput!) { createPlan(input: $input) { id code baseFee charges { code model } } }`;
const plan = (code: string, baseFee: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: code,
  currency: 'USD',
  billingInterval: 'MONTHLY',
  baseFee,
  charges: [{ code: 'tokens', name: 'Tokens', meter: { aggregation: 'TOKENS_SUM' }, model: { type: 'GRADUATED', tiers: [{ upTo: '1000000', unitPrice: '0.000002' }, { upTo: null, unitPrice: '0.000001' }] } }],
  ...extra,
});

describe('plans', () => {
  it('are created by the platform admin with validated charges, and read by orgs', async () => {
    const created = await api.gql(CREATE_PLAN, { input: plan('starter', '49') });
    expect(created.data?.createPlan).toMatchObject({ code: 'starter', baseFee: '49', charges: [{ code: 'tokens', model: { type: 'GRADUATED' } }] });
    const bad = await api.gql(CREATE_PLAN, { input: plan('broken', '1', { charges: [{ code: 'x', name: 'x', meter: { aggregation: 'TOKENS_SUM' }, model: { type: 'VOLUME', tiers: [{ upTo: '10', unitPrice: '1' }] } }] }) });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(CREATE_PLAN, { input: plan('starter', '10') }))).toBe('CONFLICT');
    const { key } = await api.createOrgWithKey('VIEWER');
    expect(errorCode(await api.gql(CREATE_PLAN, { input: plan('mine', '1') }, key))).toBe('FORBIDDEN');
    expect((await api.gql(`{ plans { code } }`, {}, key)).data?.plans.map((p: { code: string }) => p.code)).toContain('starter');
  });
});

describe('subscriptions', () => {
  it('upgrade now, downgrade at the end of the period, and cancel at period end', async () => {
    const basic = (await api.gql(CREATE_PLAN, { input: plan('basic', '20') })).data?.createPlan.id;
    const pro = (await api.gql(CREATE_PLAN, { input: plan('pro', '99') })).data?.createPlan.id;
    const { key } = await api.createOrgWithKey('OWNER', { timezone: 'Europe/Paris' });
    const sub = (await api.gql(`mutation ($p: ID!) { createSubscription(planId: $p) { id planId anchor } }`, { p: basic }, key)).data?.createSubscription;
    expect(sub).toMatchObject({ planId: basic, anchor: 'CALENDAR' });
    const CHANGE = `mutation ($s: ID!, $p: ID!) { changeSubscriptionPlan(subscriptionId: $s, planId: $p) { planId pendingPlanId } }`;
    expect((await api.gql(CHANGE, { s: sub.id, p: pro }, key)).data?.changeSubscriptionPlan).toEqual({ planId: pro, pendingPlanId: null });
    expect((await api.gql(CHANGE, { s: sub.id, p: basic }, key)).data?.changeSubscriptionPlan).toEqual({ planId: pro, pendingPlanId: basic });
    const changes = await api.app.dataSource.query(`SELECT kind, effective_at AS "effectiveAt" FROM subscription_plan_changes WHERE subscription_id = $1 ORDER BY created_at`, [sub.id]);
    expect(changes.map((c: { kind: string }) => c.kind)).toEqual(['UPGRADE', 'DOWNGRADE']);
    const canceled = (await api.gql(`mutation ($s: ID!) { cancelSubscription(subscriptionId: $s) { endsAt } }`, { s: sub.id }, key)).data?.cancelSubscription;
    expect(new Date(canceled.endsAt).toISOString()).toBe(new Date(changes[1].effectiveAt).toISOString());
    const local = new Date(canceled.endsAt).toLocaleString('en-GB', { timeZone: 'Europe/Paris' });
    expect(local).toMatch(/^01\/\d{2}\/\d{4}, 00:00:00$/);
  });

  it('keep organizations apart', async () => {
    const basic = (await api.gql(CREATE_PLAN, { input: plan('solo', '5') })).data?.createPlan.id;
    const a = await api.createOrgWithKey('OWNER');
    const b = await api.createOrgWithKey('OWNER');
    const sub = (await api.gql(`mutation ($p: ID!) { createSubscription(planId: $p) { id } }`, { p: basic }, a.key)).data?.createSubscription;
    expect((await api.gql(`{ subscriptions { id } }`, {}, b.key)).data?.subscriptions).toEqual([]);
    expect(errorCode(await api.gql(`mutation ($s: ID!) { cancelSubscription(subscriptionId: $s) { id } }`, { s: sub.id }, b.key))).toBe('NOT_FOUND');
  });
});
