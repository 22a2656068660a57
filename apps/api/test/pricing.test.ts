import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
let owner: string;
let service: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key: owner } = await api.createOrgWithKey('OWNER'));
  ({ key: service } = await api.createOrgWithKey('SERVICE'));
});
afterAll(() => api.close());

const ESTIMATE = `query ($input: EstimateCostInput!) {
  estimateCost(input: $input) {
    input output cacheRead cacheWrite image embedding request duration total currency longContextAbove
    price { provider model effectiveFrom isOrgOverride inputPerMTok }
  }
}`;

const estimate = async (input: Record<string, unknown>, key = service) => {
  const response = await api.gql(ESTIMATE, { input }, key);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.estimateCost;
};

describe('estimateCost against the shipped catalog', () => {
  it('OpenAI gpt-4o: cached tokens are part of the prompt count', async () => {
    const cost = await estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 2_000 });
    expect(cost).toMatchObject({ input: '0.015', cacheRead: '0.005', output: '0.02', total: '0.04', currency: 'USD', longContextAbove: null });
  });

  it('Anthropic claude-sonnet-4: cache reads and one-hour writes on top of input', async () => {
    const cost = await estimate({
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      inputTokens: 1_200,
      cacheReadTokens: 30_000,
      cacheWriteTokens: 5_000,
      cacheWriteTtl: 'ONE_HOUR',
      outputTokens: 800,
    });
    expect(cost).toMatchObject({ input: '0.0036', cacheRead: '0.009', cacheWrite: '0.03', output: '0.012', total: '0.0546' });
  });

  it('Google gemini-2.5-pro: long-context tier above 200k and thinking billed as output', async () => {
    const cost = await estimate({
      provider: 'google',
      model: 'gemini-2.5-pro',
      inputTokens: 250_000,
      cacheReadTokens: 50_000,
      outputTokens: 1_000,
      reasoningTokens: 3_000,
    });
    expect(cost).toMatchObject({ input: '0.5', cacheRead: '0.0125', output: '0.06', total: '0.5725', longContextAbove: 200_000 });
  });

  it('images, embeddings and audio', async () => {
    const image = await estimate({ provider: 'openai', model: 'dall-e-3', imageCount: 3, imageSize: '1792x1024', imageQuality: 'hd' });
    expect(image).toMatchObject({ image: '0.36', total: '0.36' });
    const embedding = await estimate({ provider: 'openai', model: 'text-embedding-3-small', embeddingTokens: 1_234_567 });
    expect(embedding.total).toBe('0.02469134');
    const audio = await estimate({ provider: 'openai', model: 'whisper-1', durationSeconds: '61.5' });
    expect(audio.total).toBe('0.00615');
  });

  it('prices a call with the catalog version in force when it occurred', async () => {
    const before = await estimate({ provider: 'openai', model: 'o3', inputTokens: 1_000, outputTokens: 1_000, occurredAt: '2025-06-09T23:59:59Z' });
    const after = await estimate({ provider: 'openai', model: 'o3', inputTokens: 1_000, outputTokens: 1_000, occurredAt: '2025-06-10T00:00:00Z' });
    expect(before.total).toBe('0.05');
    expect(after.total).toBe('0.01');
    expect(after.price.effectiveFrom).toBe('2025-06-10T00:00:00.000Z');
  });

  it('refuses to price an unknown model, or a model before its first price, instead of charging zero', async () => {
    const unknown = await api.gql(ESTIMATE, { input: { provider: 'openai', model: 'gpt-99', inputTokens: 1 } }, service);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.extensions?.reason).toBe('NO_PRICE_IN_FORCE');
    const tooEarly = await api.gql(ESTIMATE, { input: { provider: 'openai', model: 'o3', inputTokens: 1, occurredAt: '2020-01-01T00:00:00Z' } }, service);
    expect(errorCode(tooEarly)).toBe('NOT_FOUND');
  });

  it('rejects impossible quantities with BAD_USER_INPUT', async () => {
    const cachedTooMany = await api.gql(ESTIMATE, { input: { provider: 'openai', model: 'gpt-4o', inputTokens: 10, cacheReadTokens: 20 } }, service);
    expect(errorCode(cachedTooMany)).toBe('BAD_USER_INPUT');
    const badSize = await api.gql(ESTIMATE, { input: { provider: 'openai', model: 'dall-e-3', imageCount: 1, imageSize: '64x64' } }, service);
    expect(badSize.errors?.[0]?.message).toMatch(/offered: 1024x1024\/standard/);
    const floatMoney = await api.gql(ESTIMATE, { input: { provider: 'openai', model: 'whisper-1', durationSeconds: 1.5 } }, service);
    expect(errorCode(floatMoney)).toBe('BAD_USER_INPUT');
  });
});

describe('org overrides and new versions', () => {
  const UPSERT = `mutation ($input: UpsertModelPriceInput!) {
    upsertModelPrice(input: $input) { provider model effectiveFrom inputPerMTok outputPerMTok cacheReadsIncludedInInput isOrgOverride longContextTiers { aboveInputTokens inputPerMTok } }
  }`;

  it('applies a negotiated price from its effective date for that org only', async () => {
    const { key: ownerA } = await api.createOrgWithKey('OWNER');
    const { key: ownerB } = await api.createOrgWithKey('OWNER');
    const stored = await api.gql(
      UPSERT,
      { input: { provider: 'anthropic', model: 'claude-sonnet-4', effectiveFrom: '2025-09-01T00:00:00Z', inputPerMTok: '2.4', outputPerMTok: '12', cacheReadPerMTok: '0.24' } },
      ownerA,
    );
    expect(stored.data?.upsertModelPrice).toMatchObject({ inputPerMTok: '2.4', isOrgOverride: true, cacheReadsIncludedInInput: false });

    const usage = { provider: 'anthropic', model: 'claude-sonnet-4', inputTokens: 100_000, outputTokens: 10_000 };
    expect((await estimate({ ...usage, occurredAt: '2025-08-31T12:00:00Z' }, ownerA)).total).toBe('0.45');
    const negotiated = await estimate({ ...usage, occurredAt: '2025-09-02T00:00:00Z' }, ownerA);
    expect(negotiated).toMatchObject({ total: '0.36', price: { isOrgOverride: true } });
    expect((await estimate({ ...usage, occurredAt: '2025-09-02T00:00:00Z' }, ownerB)).total).toBe('0.45');
  });

  it('adds a private model with a long-context tier and lists it in pricing', async () => {
    const { key } = await api.createOrgWithKey('ADMIN');
    const stored = await api.gql(
      UPSERT,
      {
        input: {
          provider: 'acme-ai',
          model: 'acme-large',
          effectiveFrom: '2025-01-01T00:00:00Z',
          inputPerMTok: '1',
          outputPerMTok: '2',
          longContextTiers: [{ aboveInputTokens: 100_000, inputPerMTok: '3' }],
        },
      },
      key,
    );
    expect(stored.data?.upsertModelPrice.longContextTiers).toEqual([{ aboveInputTokens: 100_000, inputPerMTok: '3' }]);
    expect((await estimate({ provider: 'acme-ai', model: 'acme-large', inputTokens: 100_001 }, key)).total).toBe('0.300003');
    const listed = await api.gql(`{ pricing(provider: "acme-ai") { providers prices { model isOrgOverride } } }`, {}, key);
    expect(listed.data?.pricing).toEqual({ providers: ['acme-ai'], prices: [{ model: 'acme-large', isOrgOverride: true }] });
  });

  it('rejects a version with no price or a negative price', async () => {
    expect(errorCode(await api.gql(UPSERT, { input: { provider: 'openai', model: 'gpt-4o' } }, owner))).toBe('BAD_USER_INPUT');
    const negative = await api.gql(UPSERT, { input: { provider: 'openai', model: 'gpt-4o', inputPerMTok: '-1' } }, owner);
    expect(negative.errors?.[0]?.message).toMatch(/inputPerMTok must not be negative/);
  });
});

describe('pricing', () => {
  it('lists every provider of the catalog with prices in force', async () => {
    const response = await api.gql(`{ pricing { providers prices { provider model priceAsOf source } } }`, {}, owner);
    expect(response.data?.pricing.providers).toEqual(expect.arrayContaining(['anthropic', 'google', 'groq', 'mistral', 'openai', 'xai']));
    const o3 = response.data?.pricing.prices.filter((p: { model: string }) => p.model === 'o3');
    expect(o3).toHaveLength(1);
    expect(o3[0].priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
