import { randomUUID } from 'node:crypto';
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
const RECORD_BATCH = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status code } }`;
const events = (feature: string, n: number) => Array.from({ length: n }, () => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o-mini', feature, inputTokens: 10, outputTokens: 2 }));

it('claim session terminated after DELETE: the row lock vanishes, a replay books and forgets, then the first claimer books again', async () => {
  const second = await createAppContext(api.app.config, 'worker');
  try {
    const budgetId = must(await api.gql(`mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`, { input: { name: 'b', period: 'MONTHLY', action: 'BLOCK', feature: 'claim', requestLimit: 1000 } }, owner)).createBudget.id;
    must(await api.gql(RECORD_BATCH, { inputs: events('claim', 5) }, service)); // counter exists
    const counters = api.app.enforcement.counters;
    const realBook = counters.book.bind(counters);
    let armed = true;
    let replayed = -1;
    counters.book = async (...args: Parameters<typeof realBook>) => {
      if (armed) {
        armed = false;
        // PostgreSQL ends the claiming session between its DELETE and its Redis step
        const killed = await api.app.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'DELETE FROM counter_bookings%' AND state = 'idle in transaction'`);
        await new Promise((r) => setTimeout(r, 100));
        replayed = await second.enforcement.booking.replayDue(0); // the worker's minute (or another API's start)
        console.log('terminated', killed.length, 'replayed by the other process', replayed);
      }
      return realBook(...args);
    };
    must(await api.gql(RECORD_BATCH, { inputs: events('claim', 10) }, service));
    counters.book = realBook;
    const applied = (await api.app.enforcement.limits.ofOrg(orgId, new Date())).find((a) => a.limit.id === budgetId)!;
    const truth = await api.app.enforcement.rebuilder.truth(applied);
    console.log('PG requests', truth.spent.requests, 'pending', truth.batchIds.length, 'redis', (await counters.spent(applied.key))?.requests);
  } finally { await second.close(); }
}, 60_000);
