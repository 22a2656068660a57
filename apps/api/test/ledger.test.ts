import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Dec } from '@tollgate/core';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const TOP_UP = `mutation ($input: TopUpCreditsInput!) { topUpCredits(input: $input) { id kind actor postings { account asset amount } } }`;
const BALANCE = `query ($projectId: ID) { balance(projectId: $projectId) { credits spend { currency amount } } }`;
const RECORD = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status eventId cost credits } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidUsageEvent(id: $id, reason: $reason) { id kind reversesTransactionId postings { account asset amount } } }`;
const sql = (text: string, params: unknown[] = []) => api.app.dataSource.query(text, params);

describe('topUpCredits', () => {
  it('adds credits once per idempotency key, and refuses the key with other input', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    const input = { idempotencyKey: randomUUID(), credits: '100.5' };
    const first = await api.gql(TOP_UP, { input }, key);
    expect(first.data?.topUpCredits).toMatchObject({ kind: 'TOP_UP', postings: [{ account: 'org:credit_wallet', asset: 'CREDIT', amount: '100.5' }, { account: 'system:credit_issuance', asset: 'CREDIT', amount: '-100.5' }] });
    const again = await api.gql(TOP_UP, { input }, key);
    expect(again.data?.topUpCredits.id).toBe(first.data?.topUpCredits.id);
    expect(errorCode(await api.gql(TOP_UP, { input: { ...input, credits: '1' } }, key))).toBe('CONFLICT');
    expect((await api.gql(BALANCE, {}, key)).data?.balance.credits).toBe('100.5');
  });

  it('gives one transaction to racing top-ups with one key', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    const input = { idempotencyKey: randomUUID(), credits: '7', kind: 'GRANT' };
    const results = await Promise.all(Array.from({ length: 8 }, () => api.gql(TOP_UP, { input }, key)));
    expect(new Set(results.map((r) => r.data?.topUpCredits.id)).size).toBe(1);
    expect((await api.gql(BALANCE, {}, key)).data?.balance.credits).toBe('7');
  });

  it('refuses zero or negative credits and non-admins', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    expect(errorCode(await api.gql(TOP_UP, { input: { idempotencyKey: 'z', credits: '0' } }, key))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(TOP_UP, { input: { idempotencyKey: 'n', credits: '-5' } }, key))).toBe('BAD_USER_INPUT');
    const member = await api.createOrgWithKey('MEMBER');
    expect(errorCode(await api.gql(TOP_UP, { input: { idempotencyKey: 'm', credits: '5' } }, member.key))).toBe('FORBIDDEN');
  });
});

describe('voidUsageEvent', () => {
  it('reverses the event’s postings, takes it out of the rollups, and only once', async () => {
    const { key, orgId } = await api.createOrgWithKey('OWNER');
    const [kept, voided] = (
      await api.gql(
        RECORD,
        {
          inputs: [
            { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', inputTokens: 1_000_000 },
            { idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', outputTokens: 1_000_000, latencyMs: 900 },
          ],
        },
        key,
      )
    ).data?.recordUsageBatch;
    const reversal = await api.gql(VOID, { id: voided.eventId, reason: 'duplicate upstream retry' }, key);
    expect(reversal.data?.voidUsageEvent).toMatchObject({
      kind: 'REVERSAL',
      postings: expect.arrayContaining([{ account: 'org:usage_spend', asset: 'USD', amount: '-10' }, { account: 'org:credit_wallet', asset: 'CREDIT', amount: '1000' }]),
    });
    expect((await api.gql(BALANCE, {}, key)).data?.balance).toEqual({ credits: '-250', spend: [{ currency: 'USD', amount: '2.5' }] });
    const [rollup] = await sql(`SELECT sum(events)::int AS events, sum(cost)::text AS cost, sum(latency_count)::int AS latencies FROM usage_rollups WHERE org_id = $1`, [orgId]);
    expect(rollup).toMatchObject({ events: 1, latencies: 0 });
    expect(new Dec(rollup.cost).equals(new Dec(kept.cost))).toBe(true);
    expect(errorCode(await api.gql(VOID, { id: voided.eventId, reason: 'again' }, key))).toBe('CONFLICT');
    expect(errorCode(await api.gql(VOID, { id: randomUUID(), reason: 'x' }, key))).toBe('NOT_FOUND');
  });
});

describe('ledgerEntries', () => {
  it('pages the journal newest first with cursors and filters', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    for (let i = 0; i < 5; i++) await api.gql(TOP_UP, { input: { idempotencyKey: `k${i}`, credits: `${i + 1}` } }, key);
    await api.gql(RECORD, { inputs: [{ idempotencyKey: 'u1', provider: 'openai', model: 'gpt-4o', inputTokens: 10 }] }, key);
    const query = `query ($after: String, $filter: LedgerFilterInput) { ledgerEntries(first: 4, after: $after, filter: $filter) { edges { cursor node { kind postings { amount } } } pageInfo { endCursor hasNextPage } } }`;
    const first = (await api.gql(query, {}, key)).data?.ledgerEntries;
    expect(first.edges.map((e: any) => e.node.kind)).toEqual(['USAGE', 'TOP_UP', 'TOP_UP', 'TOP_UP']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await api.gql(query, { after: first.pageInfo.endCursor }, key)).data?.ledgerEntries;
    expect(second.edges.map((e: any) => e.node.postings[0].amount)).toEqual(['2', '1']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const usageOnly = (await api.gql(query, { filter: { kind: 'USAGE' } }, key)).data?.ledgerEntries;
    expect(usageOnly.edges).toHaveLength(1);
    expect(errorCode(await api.gql(query, { after: 'garbage' }, key))).toBe('BAD_USER_INPUT');
  });
});

describe('the books, over random operations through the API', () => {
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('usage' as const), inputTokens: fc.integer({ min: 0, max: 3_000_000 }), outputTokens: fc.integer({ min: 0, max: 100_000 }), model: fc.constantFrom('gpt-4o', 'gpt-4o-mini', 'o3') }),
    fc.record({ kind: fc.constant('topUp' as const), credits: fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Dec(n).dividedBy(1000).toFixed()) }),
    fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
  );

  it('sum to zero per asset and give balances equal to the sum of their postings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        const { key, orgId } = await api.createOrgWithKey('OWNER');
        const events: string[] = [];
        for (const op of operations) {
          if (op.kind === 'usage') {
            const [result] = (await api.gql(RECORD, { inputs: [{ idempotencyKey: randomUUID(), provider: 'openai', model: op.model, inputTokens: op.inputTokens, outputTokens: op.outputTokens }] }, key)).data?.recordUsageBatch;
            events.push(result.eventId);
          } else if (op.kind === 'topUp') {
            await api.gql(TOP_UP, { input: { idempotencyKey: randomUUID(), credits: op.credits } }, key);
          } else if (events.length) {
            await api.gql(VOID, { id: events.splice(op.pick % events.length, 1)[0], reason: 'property test' }, key);
          }
        }
        const unbalanced = await sql(`SELECT asset FROM ledger_postings WHERE org_id = $1 GROUP BY asset HAVING sum(amount) <> 0`, [orgId]);
        expect(unbalanced).toEqual([]);
        const [expected] = await sql(
          `SELECT coalesce(sum(amount) FILTER (WHERE account = 'org:credit_wallet'), 0)::text AS credits,
                  coalesce(sum(amount) FILTER (WHERE account = 'org:usage_spend'), 0)::text AS spend
             FROM ledger_postings WHERE org_id = $1`,
          [orgId],
        );
        const [live] = await sql(`SELECT coalesce(sum(cost), 0)::text AS cost FROM usage_events WHERE org_id = $1 AND voided_at IS NULL`, [orgId]);
        const balance = (await api.gql(BALANCE, {}, key)).data?.balance;
        expect(new Dec(balance.credits).equals(new Dec(expected.credits))).toBe(true);
        expect(new Dec(balance.spend[0]?.amount ?? 0).equals(new Dec(expected.spend))).toBe(true);
        expect(new Dec(expected.spend).equals(new Dec(live.cost))).toBe(true);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
