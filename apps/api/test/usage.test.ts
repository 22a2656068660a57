import { randomUUID } from 'node:crypto';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
let orgId: string;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ orgId, key } = await api.createOrgWithKey('SERVICE'));
});
afterAll(() => api.close());

const RESULT = 'index idempotencyKey status eventId cost currency credits code reason message';
const RECORD = `mutation ($input: UsageInput!) { recordUsage(input: $input) { ${RESULT} } }`;
const RECORD_BATCH = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { ${RESULT} } }`;

const record = async (input: Record<string, unknown>, as = key) => api.gql(RECORD, { input }, as);
const batch = async (inputs: Array<Record<string, unknown>>, as = key) => {
  const response = await api.gql(RECORD_BATCH, { inputs }, as);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.recordUsageBatch as Array<Record<string, any>>;
};
const gpt4o = (idempotencyKey = randomUUID()) => ({ idempotencyKey, provider: 'openai', model: 'gpt-4o', inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 2_000 });
const sql = (text: string, params: unknown[] = []) => api.app.dataSource.query(text, params);

describe('recordUsage', () => {
  it('prices an event at the catalog price and converts it to credits at the default credit value', async () => {
    const response = await record(gpt4o());
    expect(response.data?.recordUsage).toMatchObject({ status: 'CREATED', cost: '0.04', currency: 'USD', credits: '4' });
  });

  it('returns the first result for a replay and changes nothing', async () => {
    const input = gpt4o();
    const first = (await record(input)).data?.recordUsage;
    const again = (await record(input)).data?.recordUsage;
    expect(again).toEqual({ ...first, status: 'DUPLICATE' });
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM usage_events WHERE idempotency_key = $1`, [input.idempotencyKey]);
    expect(n).toBe(1);
  });

  it('answers the same key with other input as CONFLICT', async () => {
    const input = gpt4o();
    await record(input);
    const response = await record({ ...input, outputTokens: 2_001 });
    expect(errorCode(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('stores one event when requests with one key race', async () => {
    const input = gpt4o();
    const results = await Promise.all(Array.from({ length: 12 }, () => record(input)));
    const statuses = results.map((r) => r.data?.recordUsage.status).sort();
    expect(statuses.filter((s) => s === 'CREATED')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'DUPLICATE')).toHaveLength(11);
    expect(new Set(results.map((r) => r.data?.recordUsage.eventId)).size).toBe(1);
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM usage_events WHERE idempotency_key = $1`, [input.idempotencyKey]);
    expect(n).toBe(1);
  });

  it('stores one event when different keys of the org race in separate transactions', async () => {
    const { key: owner, orgId: racingOrg } = await api.createOrgWithKey('OWNER');
    const keys = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const created = await api.gql(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name: `svc-${i}`, role: 'SERVICE' } }, owner);
        return created.data?.createApiKey.secret as string;
      }),
    );
    const input = gpt4o();
    const results = await Promise.all(keys.flatMap((k) => [record(input, k), record(input, k)]));
    expect(results.filter((r) => r.data?.recordUsage.status === 'CREATED')).toHaveLength(1);
    expect(results.filter((r) => r.data?.recordUsage.status === 'DUPLICATE')).toHaveLength(11);
    const [{ n, tx }] = await sql(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM ledger_transactions WHERE org_id = $1) AS tx FROM usage_events WHERE org_id = $1`,
      [racingOrg],
    );
    expect({ n, tx }).toEqual({ n: 1, tx: 1 });
  });

  it('refuses an unpriced model with NO_PRICE_IN_FORCE rather than recording zero', async () => {
    const response = await record({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-99', inputTokens: 5 });
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.extensions?.reason).toBe('NO_PRICE_IN_FORCE');
  });

  it('lets only ingest roles record usage', async () => {
    const viewer = await api.createOrgWithKey('VIEWER');
    expect(errorCode(await record(gpt4o(), viewer.key))).toBe('FORBIDDEN');
  });
});

describe('recordUsageBatch', () => {
  it('handles each event on its own: created, duplicate, conflicting and bad events', async () => {
    const seen = gpt4o();
    await record(seen);
    const fresh = gpt4o();
    const results = await batch([
      fresh,
      seen,
      { ...seen, outputTokens: 1 },
      fresh,
      { idempotencyKey: randomUUID(), provider: 'openai', model: 'nope', inputTokens: 1 },
      { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 1, cacheReadTokens: 2 },
      { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 1, projectId: randomUUID() },
      { idempotencyKey: randomUUID(), occurredAt: new Date(Date.now() + 3_600_000).toISOString(), provider: 'openai', model: 'gpt-4o' },
      { idempotencyKey: randomUUID() },
    ]);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['CREATED', null],
      ['DUPLICATE', null],
      ['REJECTED', 'IDEMPOTENCY_KEY_REUSED'],
      ['DUPLICATE', null],
      ['REJECTED', 'NO_PRICE_IN_FORCE'],
      ['REJECTED', 'CACHED_EXCEEDS_INPUT'],
      ['REJECTED', 'UNKNOWN_PROJECT'],
      ['REJECTED', 'INVALID_USAGE'],
      ['REJECTED', 'NOTHING_TO_PRICE'],
    ]);
    expect(results[3]?.eventId).toBe(results[0]?.eventId);
  });

  it('refuses more than 5,000 events and writes nothing', async () => {
    const inputs = Array.from({ length: 5_001 }, () => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 1 }));
    const [{ before }] = await sql(`SELECT count(*)::int AS before FROM usage_events`);
    const response = await api.gql(RECORD_BATCH, { inputs }, key);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    const [{ after }] = await sql(`SELECT count(*)::int AS after FROM usage_events`);
    expect(after).toBe(before);
  });

  it('posts one balanced ledger transaction whose spend equals the events’ cost', async () => {
    const { key: own, orgId: ownOrg } = await api.createOrgWithKey('OWNER');
    const results = await batch(Array.from({ length: 50 }, (_, i) => ({ ...gpt4o(), outputTokens: 1_000 + i })), own);
    const [{ cost }] = await sql(`SELECT sum(cost)::text AS cost FROM usage_events WHERE org_id = $1`, [ownOrg]);
    expect(results.every((r) => r.status === 'CREATED')).toBe(true);
    const postings = await sql(`SELECT account, asset, sum(amount)::text AS total FROM ledger_postings WHERE org_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [ownOrg]);
    expect(postings).toEqual([
      { account: 'org:credit_wallet', asset: 'CREDIT', total: expect.stringMatching(/^-/) },
      { account: 'org:usage_spend', asset: 'USD', total: cost },
      { account: 'system:credit_consumption', asset: 'CREDIT', total: expect.any(String) },
      { account: 'system:usage_revenue', asset: 'USD', total: `-${cost}` },
    ]);
    const [{ transactions }] = await sql(`SELECT count(*)::int AS transactions FROM ledger_transactions WHERE org_id = $1`, [ownOrg]);
    expect(transactions).toBe(1);
  });
});

describe('pricing of recorded usage', () => {
  it('uses the version in force when the usage occurred', async () => {
    const [before, after] = await batch([
      { idempotencyKey: randomUUID(), provider: 'openai', model: 'o3', inputTokens: 1_000, outputTokens: 1_000, occurredAt: '2025-06-09T23:59:59Z' },
      { idempotencyKey: randomUUID(), provider: 'openai', model: 'o3', inputTokens: 1_000, outputTokens: 1_000, occurredAt: '2025-06-10T00:00:00Z' },
    ]);
    expect([before?.cost, after?.cost]).toEqual(['0.05', '0.01']);
  });

  it('applies each provider’s rule for cached and reasoning tokens, and prices dated model ids', async () => {
    const event = (provider: string, model: string, extra: Record<string, number> = {}) => ({
      idempotencyKey: randomUUID(),
      provider,
      model,
      inputTokens: 2_000,
      cacheReadTokens: 1_000,
      ...extra,
    });
    const results = await batch([
      event('openai', 'gpt-4o-2024-08-06'),
      event('anthropic', 'claude-sonnet-4-20250514', { inputTokens: 1_000 }),
      event('google', 'gemini-2.5-flash', { outputTokens: 100, reasoningTokens: 900 }),
      event('xai', 'grok-3'),
      event('groq', 'openai/gpt-oss-120b'),
      event('mistral', 'mistral-small-latest'),
    ]);
    expect(results.map((r) => r.cost)).toEqual([
      '0.00375', // OpenAI: 1,000 of the 2,000 prompt tokens were cached (1,000 × 2.50 + 1,000 × 1.25 per million)
      '0.0033', // Anthropic: cache reads come on top of 1,000 input tokens (3.00 + 0.30 per million each)
      '0.00283', // Google: 1,000 uncached + 1,000 cached, thinking billed as output (100 + 900 tokens × 2.50)
      '0.00375', // xAI: cached inside the prompt (3.00 + 0.75 per million)
      '0.000225', // Groq: cached inside the prompt (0.15 + 0.075)
      '0.0002', // Mistral lists no cache price: cached tokens cost the input price, never zero
    ]);
  });

  it('prefers the org’s own price, and uses its fallback for models the catalog lacks', async () => {
    const { key: admin } = await api.createOrgWithKey('ADMIN');
    const upsert = `mutation ($input: UpsertModelPriceInput!) { upsertModelPrice(input: $input) { model } }`;
    await api.gql(upsert, { input: { provider: 'openai', model: 'gpt-4o', effectiveFrom: '2024-01-01T00:00:00Z', inputPerMTok: '1', outputPerMTok: '2' } }, admin);
    await api.gql(upsert, { input: { provider: '*', model: '*', effectiveFrom: '2024-01-01T00:00:00Z', inputPerMTok: '10', outputPerMTok: '10' } }, admin);
    const [own, fallback] = await batch(
      [
        { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 1_000_000 },
        { idempotencyKey: randomUUID(), provider: 'in-house', model: 'llama-ft', inputTokens: 1_000, outputTokens: 1_000 },
      ],
      admin,
    );
    expect(own?.cost).toBe('3');
    expect(fallback).toMatchObject({ status: 'CREATED', cost: '0.02' });
    const [{ source }] = await sql(`SELECT cost_source AS source FROM usage_events WHERE id = $1`, [fallback?.eventId]);
    expect(source).toBe('FALLBACK');
  });
});

describe('credits for actions and workflows', () => {
  it('charges the configured action and workflow rates, and money at the credit value', async () => {
    const [translate, workflow, summarize] = await batch([
      { idempotencyKey: randomUUID(), feature: 'translate', units: '2500', unit: 'words' },
      { idempotencyKey: randomUUID(), feature: 'summarize_and_translate', units: '3' },
      { idempotencyKey: randomUUID(), feature: 'summarize', units: '1000', provider: 'openai', model: 'gpt-4o-mini', inputTokens: 2_000, outputTokens: 500 },
    ]);
    expect(translate).toMatchObject({ status: 'CREATED', credits: '12.5', cost: '0.125', currency: 'USD' });
    expect(workflow).toMatchObject({ credits: '21', cost: '0.21' });
    expect(summarize).toMatchObject({ credits: '2', cost: '0.0006' });
    const [{ category }] = await sql(`SELECT category FROM usage_events WHERE id = $1`, [translate?.eventId]);
    expect(category).toBe('API_CALLS');
    expect(orgId).toBeDefined();
  });
});
