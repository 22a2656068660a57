import { startTestApi, must, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); }, 60_000);
afterAll(() => api.close());

const SET = `mutation ($input: SetQuotaPlanInput!) { setQuotaPlan(input: $input) { tier credits } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId } }`;

it('quota re-assignment forgets in-flight reservations', async () => {
  const { key: owner, orgId } = await api.createOrgWithKey('OWNER');
  const service = must(await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).createApiKey.secret;
  must(await api.gql(SET, { input: { subjectType: 'USER', userId: 'u1', tier: 'CUSTOM', credits: '100', requestsPerMinute: 1000 } }, owner));
  const auth = async () => (await api.gql(AUTHORIZE, { input: { userId: 'u1', credits: '10', ttlSeconds: 600 } }, service)).data?.authorizeUsage;
  const first = [];
  for (let i = 0; i < 11; i++) first.push(await auth());
  console.log('before reassign', first.map((a) => a.allowed));
  // Same plan again (e.g. admin re-saves it)
  must(await api.gql(SET, { input: { subjectType: 'USER', userId: 'u1', tier: 'CUSTOM', credits: '100', requestsPerMinute: 1000 } }, owner));
  const second = [];
  for (let i = 0; i < 11; i++) second.push(await auth());
  console.log('after reassign', second.map((a) => a.allowed));
  const open = await api.app.dataSource.query(`SELECT count(*)::int AS n, sum(credits)::text AS credits FROM budget_reservations WHERE org_id = $1 AND settled_at IS NULL AND expires_at > now()`, [orgId]);
  console.log('open reservations in PG', open);
}, 60_000);
