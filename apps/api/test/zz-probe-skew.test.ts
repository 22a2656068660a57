import { randomUUID } from 'node:crypto';
import { capsInCounterUnits, toCounterUnits, Dec } from '@tollgate/core';
import { uuidv7 } from '@tollgate/db';
import { createAppContext } from '@tollgate/services';
import { startTestApi, must, type TestApi } from './support/test-api';

let api: TestApi;
let owner: string; let service: string; let orgId: string;
beforeAll(async () => {
  api = await startTestApi();
  ({ orgId, key: owner } = await api.createOrgWithKey('OWNER'));
  service = must(await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).createApiKey.secret;
}, 60_000);
afterAll(() => api.close());
const CREATE_BUDGET = `mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId } }`;
const newBudget = async (input: Record<string, unknown>) =>
  must(await api.gql(CREATE_BUDGET, { input: { name: `b-${randomUUID()}`, period: 'MONTHLY', action: 'BLOCK', ...input } }, owner)).createBudget.id as string;

it('a process whose clock is 150 s ahead releases reservations PostgreSQL still holds open', async () => {
  const budgetId = await newBudget({ feature: 'skew', requestLimit: 10 });
  const res = [];
  for (let i = 0; i < 11; i++) res.push((await api.gql(AUTHORIZE, { input: { feature: 'skew', estimatedCost: '0.01' } }, service)).data?.authorizeUsage);
  console.log('normal clock', res.map((r) => r.allowed));
  const applied = (await api.app.enforcement.limits.ofOrg(orgId, new Date())).find((a) => a.limit.id === budgetId)!;
  const check = { key: applied.key, mode: applied.limit.mode, caps: capsInCounterUnits(applied.limit, 'USD'), warningPercent: 80, throttlePerMinute: null };
  const est = toCounterUnits({ cost: new Dec('0.01'), credits: new Dec(0), tokens: 0, requests: 1 });
  const skewed = Date.now() + 150_000; // what LimitCounters.authorize gets as Date.now() in the fast process
  const outs = [];
  for (let i = 0; i < 10; i++) outs.push((await api.app.enforcement.counters.authorize(orgId, uuidv7(), new Date(skewed + 120_000), est, [check], [], skewed)).kind);
  console.log('fast-clock process', outs);
  const open = await api.app.dataSource.query(`SELECT count(*)::int AS n FROM budget_reservations WHERE org_id = $1 AND settled_at IS NULL AND expires_at > now() AND $2 = ANY(budget_ids)`, [orgId, budgetId]);
  console.log('open in PG (normal-clock ones)', open, 'reserved in redis', await api.app.enforcement.counters.reserved(applied.key));
}, 60_000);

it('a booking deferred to the outbox (process died / PG session cut after commit) leaves Redis below PostgreSQL until the worker replays', async () => {
  const dying = await createAppContext(api.app.config, 'dying');
  try {
    dying.enforcement.booking.applyAfterCommit = async () => undefined; // SIGKILL after COMMIT, or claim DELETE failed with 57P01
    const budgetId = await newBudget({ feature: 'defer', requestLimit: 5 });
    const principal = { kind: 'API_KEY' as const, orgId, role: 'SERVICE' as const, keyId: 'k', actor: 'api-key:test' };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const a = (await api.gql(AUTHORIZE, { input: { feature: 'defer', estimatedCost: '0.01', ttlSeconds: 1 } }, service)).data?.authorizeUsage;
      ids.push(a.reservationId);
    }
    await dying.usage.recordUsageBatch(principal, ids.map((reservationId) => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o-mini', feature: 'defer', inputTokens: 10, outputTokens: 2, reservationId })));
    await new Promise((r) => setTimeout(r, 1500));
    const after = [];
    for (let i = 0; i < 6; i++) after.push((await api.gql(AUTHORIZE, { input: { feature: 'defer', estimatedCost: '0.01', ttlSeconds: 600 } }, service)).data?.authorizeUsage.allowed);
    const applied = (await api.app.enforcement.limits.ofOrg(orgId, new Date())).find((a) => a.limit.id === budgetId)!;
    const truth = await api.app.enforcement.rebuilder.truth(applied);
    console.log('allowed after reservations lapsed', after, 'PG booked', truth.spent.requests, 'open', truth.reservations.length, 'pending outbox', truth.batchIds.length, 'redis', await api.app.enforcement.counters.spent(applied.key));
  } finally { await dying.close(); }
}, 60_000);
