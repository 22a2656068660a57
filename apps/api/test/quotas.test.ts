import { randomUUID } from 'node:crypto';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const SET = `mutation ($input: SetQuotaPlanInput!) { setQuotaPlan(input: $input) { tier credits requestsPerMinute used remaining periodStart resetsAt } }`;
const QUOTA = `query ($u: String) { quota(subjectType: USER, userId: $u) { tier used remaining resetsAt } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId retryAfterSeconds } }`;
const RECORD = `mutation ($input: UsageInput!) { recordUsage(input: $input) { status credits } }`;

async function setup() {
  const { key: owner } = await api.createOrgWithKey('OWNER', { timezone: 'Europe/Paris' });
  const service = (await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).data?.createApiKey.secret as string;
  return { owner, service };
}

describe('quotas', () => {
  it('give a FREE user 100 credits a day, counted from usage, and refuse past them with QUOTA_EXCEEDED', async () => {
    const { owner, service } = await setup();
    const set = (await api.gql(SET, { input: { subjectType: 'USER', userId: 'u-free', tier: 'FREE' } }, owner)).data?.setQuotaPlan;
    expect(set).toMatchObject({ tier: 'FREE', credits: '100', requestsPerMinute: 20, used: '0', remaining: '100' });
    expect(new Date(set.resetsAt).getTime() - new Date(set.periodStart).getTime()).toBeGreaterThanOrEqual(23 * 3_600_000);
    await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), userId: 'u-free', feature: 'translate', units: '18000' } }, service);
    expect((await api.gql(QUOTA, { u: 'u-free' }, service)).data?.quota).toMatchObject({ used: '90', remaining: '10' });
    const within = (await api.gql(AUTHORIZE, { input: { userId: 'u-free', credits: '10' } }, service)).data?.authorizeUsage;
    expect(within.allowed).toBe(true);
    const over = (await api.gql(AUTHORIZE, { input: { userId: 'u-free', credits: '0.5' } }, service)).data?.authorizeUsage;
    expect(over).toMatchObject({ allowed: false, code: 'QUOTA_EXCEEDED', message: 'The FREE quota of user u-free has no credits left this period' });
    expect((await api.gql(AUTHORIZE, { input: { userId: 'someone-else', credits: '50' } }, service)).data?.authorizeUsage.allowed).toBe(true);
    const alerts = (await api.gql(`{ alerts(filter: {type: "POLICY_VIOLATION"}) { message } }`, {}, owner)).data?.alerts;
    expect(alerts).toEqual([{ message: 'The FREE quota of user u-free has no credits left this period' }]);
  });

  it('are replenished for the period by credits bought for them', async () => {
    const { owner, service } = await setup();
    await api.gql(SET, { input: { subjectType: 'USER', userId: 'u-buyer', tier: 'FREE' } }, owner);
    await api.gql(RECORD, { input: { idempotencyKey: randomUUID(), userId: 'u-buyer', feature: 'translate', units: '18000' } }, service);
    expect((await api.gql(AUTHORIZE, { input: { userId: 'u-buyer', credits: '55' } }, service)).data?.authorizeUsage.code).toBe('QUOTA_EXCEEDED');
    const topUp = `mutation ($input: TopUpCreditsInput!) { topUpCredits(input: $input) { kind } }`;
    const bought = await api.gql(topUp, { input: { idempotencyKey: randomUUID(), credits: '50', quotaSubject: { subjectType: 'USER', userId: 'u-buyer' } } }, owner);
    expect(bought.data?.topUpCredits.kind).toBe('TOP_UP');
    expect((await api.gql(`query { quota(subjectType: USER, userId: "u-buyer") { toppedUp used remaining } }`, {}, owner)).data?.quota).toEqual({ toppedUp: '50', used: '90', remaining: '60' });
    expect((await api.gql(AUTHORIZE, { input: { userId: 'u-buyer', credits: '55' } }, service)).data?.authorizeUsage.allowed).toBe(true);
    const noPlan = await api.gql(topUp, { input: { idempotencyKey: randomUUID(), credits: '5', quotaSubject: { subjectType: 'USER', userId: 'nobody' } } }, owner);
    expect(errorCode(noPlan)).toBe('NOT_FOUND');
  });

  it('limit requests a minute, and ENTERPRISE is unlimited', async () => {
    const { owner, service } = await setup();
    await api.gql(SET, { input: { subjectType: 'USER', userId: 'u-rpm', tier: 'CUSTOM', unlimited: true, requestsPerMinute: 3 } }, owner);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await api.gql(AUTHORIZE, { input: { userId: 'u-rpm' } }, service)).data?.authorizeUsage);
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
    expect(answers[3]).toMatchObject({ code: 'RATE_LIMITED' });
    expect(answers[3].retryAfterSeconds).toBeGreaterThan(0);
    const enterprise = (await api.gql(SET, { input: { subjectType: 'ORG', tier: 'ENTERPRISE' } }, owner)).data?.setQuotaPlan;
    expect(enterprise).toMatchObject({ credits: null, remaining: null });
    expect((await api.gql(AUTHORIZE, { input: { credits: '1000000' } }, service)).data?.authorizeUsage.allowed).toBe(true);
  });

  it('refuse a USER quota without a user, and non-admins', async () => {
    const { owner, service } = await setup();
    expect(errorCode(await api.gql(SET, { input: { subjectType: 'USER', tier: 'FREE' } }, owner))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(SET, { input: { subjectType: 'ORG', tier: 'FREE' } }, service))).toBe('FORBIDDEN');
  });
});
