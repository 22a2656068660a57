import { randomUUID } from 'node:crypto';
import { startTestApi, must, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); }, 60_000);
afterAll(() => api.close());
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId } }`;
const RECORD_BATCH = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status code } }`;

it('a BLOCK budget scoped by category is never consulted by authorizeUsage', async () => {
  const { key: owner } = await api.createOrgWithKey('OWNER');
  const service = must(await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).createApiKey.secret;
  must(await api.gql(`mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`, { input: { name: 'llm', period: 'MONTHLY', action: 'BLOCK', category: 'LLM_INFERENCE', requestLimit: 3 } }, owner));
  must(await api.gql(RECORD_BATCH, { inputs: Array.from({ length: 3 }, () => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens: 10 })) }, service));
  const a = (await api.gql(AUTHORIZE, { input: { provider: 'openai', model: 'gpt-4o-mini', estimatedInputTokens: 100 } }, service)).data?.authorizeUsage;
  const b = (await api.gql(AUTHORIZE, { input: { provider: 'openai', model: 'gpt-4o-mini', estimatedInputTokens: 100, category: 'LLM_INFERENCE' } }, service)).data?.authorizeUsage;
  console.log('without category', a, 'with category', b);
  const r = must(await api.gql(RECORD_BATCH, { inputs: [{ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens: 10, reservationId: a.reservationId ?? undefined }] }, service));
  console.log('booked anyway', JSON.stringify(r));
}, 60_000);
