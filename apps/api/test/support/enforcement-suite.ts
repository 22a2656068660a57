import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fromNanoUnits } from '@tollgate/core';
import { deleteKeysMatching } from '@tollgate/db';
import {
  TEST_ADMIN_KEY,
  createAppContext,
  spawnTollgateProcess,
  terminateBackends,
  testRedisEnv,
  waitUntil,
  type AppContext,
  type AppliedLimit,
  type TollgateProcess,
} from '@tollgate/services';
import { must, startTestApi, type TestApi } from './test-api';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');
const CREATE_BUDGET = `mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`;
const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code message reservationId } }`;
const RECORD_BATCH = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status code } }`;

/** Trials per race: enough to catch a race that shows one time in ten (0.9^20 ≈ 12% to miss it in one test, far less over the suite). */
const TRIALS = Number(process.env.ENFORCEMENT_TRIALS ?? 20);

/**
 * The enforcement invariant under races and faults, through the real API:
 * for every BLOCK budget, booked usage plus open reservations never exceed
 * its limit, and a counter equals PostgreSQL once bookings have landed.
 * Run on one Redis and on a Redis Cluster by the two test files that call it.
 */
export function enforcementSuite(redis: 'single' | 'cluster'): void {
  let api: TestApi;
  let owner: string;
  let service: string;
  let orgId: string;

  beforeAll(async () => {
    api = await startTestApi({}, { redis });
    ({ orgId, key: owner } = await api.createOrgWithKey('OWNER'));
    service = must(await api.gql(`mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`, {}, owner)).createApiKey.secret;
  }, 120_000);
  afterAll(async () => api.close());

  const newBudget = async (input: Record<string, unknown>) =>
    must(await api.gql(CREATE_BUDGET, { input: { name: `b-${randomUUID()}`, period: 'MONTHLY', action: 'BLOCK', ...input } }, owner)).createBudget.id as string;
  const applied = async (app: AppContext, budgetId: string): Promise<AppliedLimit> => {
    const found = (await app.enforcement.limits.ofOrg(orgId, new Date())).find((a) => a.limit.id === budgetId);
    if (!found) throw new Error(`budget ${budgetId} does not apply`);
    return found;
  };
  /** Counter and PostgreSQL side by side, in counter units. */
  const compare = async (app: AppContext, budgetId: string) => {
    const limit = await applied(app, budgetId);
    const [counter, truth] = await Promise.all([app.enforcement.counters.spent(limit.key), app.enforcement.rebuilder.truth(limit)]);
    return { counter, truth: truth.spent, open: truth.reservations, pending: truth.batchIds };
  };
  const events = (feature: string, n: number) =>
    Array.from({ length: n }, () => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o-mini', feature, inputTokens: 1000, outputTokens: 200 }));
  const authorize = (feature: string, key = service) => api.gql(AUTHORIZE, { input: { feature, estimatedCost: '0.01' } }, key);

  it(`first bookings of a budget from two processes racing its rebuild: the counter equals PostgreSQL in every trial (${TRIALS} trials)`, async () => {
    const second = await createAppContext(api.app.config, 'second-api');
    try {
      const principal = { kind: 'API_KEY' as const, orgId, role: 'SERVICE' as const, keyId: 'k', actor: 'api-key:test' };
      for (let trial = 0; trial < TRIALS; trial++) {
        const feature = `first-${trial}`;
        const budgetId = await newBudget({ feature, requestLimit: 100_000 });
        await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 ? second.usage.recordUsageBatch(principal, events(feature, 100)) : api.gql(RECORD_BATCH, { inputs: events(feature, 100) }, service))),
        );
        const { counter, truth, pending } = await compare(api.app, budgetId);
        expect(pending).toEqual([]);
        expect({ trial, counter }).toEqual({ trial, counter: truth });
        expect(truth.requests).toBe('800');
      }
    } finally {
      await second.close();
    }
  }, 180_000);

  it(`Redis losing every key during 400 concurrent authorizations never allows more than the room (${Math.ceil(TRIALS / 2)} trials)`, async () => {
    for (let trial = 0; trial < Math.ceil(TRIALS / 2); trial++) {
      const feature = `flush-${trial}`;
      const budgetId = await newBudget({ feature, requestLimit: 100 });
      let sent = 0;
      let flushed: Promise<unknown> | null = null;
      const calls = Array.from({ length: 400 }, async () => {
        if (++sent === 60 + trial * 10) flushed = deleteKeysMatching(api.app.redis, `${api.app.config.REDIS_PREFIX}:*`);
        return authorize(feature);
      });
      const results = await Promise.all(calls);
      await flushed;
      const allowed = results.filter((r) => r.data?.authorizeUsage.allowed).map((r) => r.data!.authorizeUsage.reservationId as string);
      expect(results.every((r) => r.data && !r.errors)).toBe(true);
      expect(allowed.length).toBeLessThanOrEqual(100);
      // Every allowed call holds a reservation PostgreSQL kept, so any rebuild counts it.
      const { open } = await compare(api.app, budgetId);
      const held = new Set(open.map((r) => r.id));
      expect(allowed.filter((id) => !held.has(id))).toEqual([]);
    }
  }, 180_000);

  it('a process dying between commit and booking: the retry is DUPLICATE, the outbox replays it once, and the budget holds', async () => {
    const dying = await createAppContext(api.app.config, 'dying-api');
    try {
      // Stand-in for SIGKILL right after COMMIT: the process never gets to book.
      dying.enforcement.booking.applyAfterCommit = async () => undefined;
      const feature = 'died-after-commit';
      const budgetId = await newBudget({ feature, requestLimit: 1000 });
      must(await api.gql(RECORD_BATCH, { inputs: events(feature, 10) }, service)); // the counter exists
      const batch = events(feature, 990);
      const principal = { kind: 'API_KEY' as const, orgId, role: 'SERVICE' as const, keyId: 'k', actor: 'api-key:test' };
      await dying.usage.recordUsageBatch(principal, batch);
      const retry = must(await api.gql(RECORD_BATCH, { inputs: batch }, service)).recordUsageBatch as Array<{ status: string }>;
      expect(new Set(retry.map((r) => r.status))).toEqual(new Set(['DUPLICATE']));
      const before = await compare(api.app, budgetId);
      expect(before.pending).toHaveLength(1);
      expect(await api.app.enforcement.booking.replayDue(0)).toBe(1);
      expect(await api.app.enforcement.booking.replayDue(0)).toBe(0);
      const after = await compare(api.app, budgetId);
      expect(after.counter).toEqual(after.truth);
      expect(after.truth.requests).toBe('1000');
      expect((await authorize(feature)).data?.authorizeUsage).toMatchObject({ allowed: false, code: 'BUDGET_EXCEEDED' });
    } finally {
      await dying.close();
    }
  }, 60_000);

  it('a replay of a batch whose Redis step ran but whose outbox delete did not commit adds nothing', async () => {
    const feature = 'booked-not-deleted';
    const budgetId = await newBudget({ feature, requestLimit: 1000 });
    must(await api.gql(RECORD_BATCH, { inputs: events(feature, 5) }, service));
    const limit = await applied(api.app, budgetId);
    const batchId = randomUUID();
    const amounts = { cost: '0', credits: '0', tokens: '0', requests: '7' };
    // The Redis step of a batch ran; the process died before its DELETE committed: the row is still there.
    await api.app.enforcement.counters.book(orgId, batchId, [], [{ key: limit.key, amounts }]);
    await api.app.dataSource.query(`INSERT INTO counter_bookings (org_id, batch_id, bookings) VALUES ($1, $2, $3::jsonb)`, [
      orgId,
      batchId,
      JSON.stringify([{ key: limit.key.slice(api.app.enforcement.counters.orgPrefix(orgId).length), amounts }]),
    ]);
    expect(await api.app.enforcement.booking.replayDue(0)).toBe(1);
    expect((await api.app.enforcement.counters.spent(limit.key))?.requests).toBe('12');
  });

  it('a claim whose PostgreSQL session ends after its DELETE: the replay books the batch, the first claimant then adds nothing', async () => {
    const second = await createAppContext(api.app.config, 'replaying-worker');
    const counters = api.app.enforcement.counters;
    const book = counters.book.bind(counters);
    try {
      const feature = 'claim-killed';
      const budgetId = await newBudget({ feature, requestLimit: 20, autoSuspend: true });
      must(await api.gql(RECORD_BATCH, { inputs: events(feature, 5) }, service));
      let armed = true;
      counters.book = async (...args: Parameters<typeof book>) => {
        if (armed) {
          armed = false;
          await api.app.dataSource.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'DELETE FROM counter_bookings%' AND state = 'idle in transaction'`,
          );
          // Once the session is gone its lock is too: another process replays the batch.
          await waitUntil(async () => (await second.enforcement.booking.replayDue(0)) === 1 || false, 10_000, 'the replay to book the batch');
        }
        return book(...args);
      };
      must(await api.gql(RECORD_BATCH, { inputs: events(feature, 10) }, service));
      counters.book = book;
      const { counter, truth } = await compare(api.app, budgetId);
      expect(counter).toEqual(truth);
      expect(truth.requests).toBe('15');
      expect((await authorize(feature)).data?.authorizeUsage.allowed).toBe(true);
    } finally {
      counters.book = book;
      await second.close();
    }
  }, 60_000);

  it('a quota saved again keeps counting the reservations in flight', async () => {
    const SET = `mutation ($input: SetQuotaPlanInput!) { setQuotaPlan(input: $input) { tier } }`;
    const plan = { subjectType: 'USER', userId: 'resaved', tier: 'CUSTOM', credits: '100', requestsPerMinute: 10_000 };
    must(await api.gql(SET, { input: plan }, owner));
    const ask = async () => (await api.gql(AUTHORIZE, { input: { userId: 'resaved', credits: '10', ttlSeconds: 600 } }, service)).data?.authorizeUsage.allowed;
    const before: boolean[] = [];
    for (let i = 0; i < 11; i++) before.push(await ask());
    expect(before.filter(Boolean)).toHaveLength(10);
    must(await api.gql(SET, { input: plan }, owner));
    expect(await ask()).toBe(false);
  });

  it('a cost cap counts an estimate in its own currency; its credits go through the FX rate', async () => {
    const feature = 'in-euros';
    const query = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed code estimatedCredits } }`;
    const ask = (currency: string | undefined, estimatedCost = '0.6') => api.gql(query, { input: { feature, estimatedCost, ...(currency ? { currency } : {}) } }, service);
    // No EUR→USD rate yet: the credits of a EUR estimate cannot be known, so it is refused rather than counted as none.
    expect((await ask('EUR')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_FX_RATE' });
    must(await api.gql(`mutation { setFxRate(input: {base: "EUR", quote: "USD", rate: "2", effectiveFrom: "2020-01-01T00:00:00Z"}) { rate } }`));
    await newBudget({ feature, currency: 'EUR', costLimit: '1' });
    const credits = await newBudget({ feature, creditLimit: '150' });
    expect((await ask('EUR')).data?.authorizeUsage).toMatchObject({ allowed: true, estimatedCredits: '120' });
    expect((await ask('EUR')).data?.authorizeUsage).toMatchObject({ allowed: false, code: 'BUDGET_EXCEEDED' });
    expect((await ask('USD', '0.2')).data?.authorizeUsage.allowed).toBe(true);
    expect((await ask('EURO')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await compare(api.app, credits)).open).toHaveLength(2);
  });

  it('a budget scoped by category holds a call whose category comes from its model', async () => {
    const budgetId = await newBudget({ category: 'LLM_INFERENCE', feature: 'by-category', requestLimit: 2 });
    const call = { feature: 'by-category', provider: 'openai', model: 'gpt-4o-mini', estimatedInputTokens: 10 };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await api.gql(AUTHORIZE, { input: call }, service)).data?.authorizeUsage);
    expect(answers.map((a) => a.allowed)).toEqual([true, true, false]);
    expect(answers[2].code).toBe('BUDGET_EXCEEDED');
    expect((await compare(api.app, budgetId)).open).toHaveLength(2);
  });

  it('PostgreSQL ending every connection mid-traffic: the API keeps answering and the budget is never overspent', async () => {
    const feature = 'pg-terminated';
    const budgetId = await newBudget({ feature, requestLimit: 150 });
    // Every session of the database is ended each time 25 more calls have been answered: faults all along the traffic.
    let answered = 0;
    let terminations = 0;
    let progressed: () => void = () => undefined;
    const killer = (async () => {
      while (terminations < 8) {
        const target = answered + 25;
        while (answered < target && answered < 300) await new Promise<void>((resolve) => (progressed = resolve));
        if (answered >= 300) return;
        await terminateBackends(api.app.dataSource).catch(() => 0);
        terminations++;
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const answer = await authorize(feature);
        const reservationId = answer.data?.authorizeUsage.reservationId as string | undefined;
        if (reservationId) await api.gql(RECORD_BATCH, { inputs: [{ ...events(feature, 1)[0], reservationId }] }, service);
        answered++;
        progressed();
        return answer;
      }),
    );
    await killer;
    const codes = results.map((r) => r.data?.authorizeUsage.code ?? (r.data?.authorizeUsage.allowed ? 'ALLOWED' : r.errors?.[0]?.extensions?.code));
    expect(terminations).toBeGreaterThan(0);
    expect(codes).toContain('ALLOWED');
    // Unsure means deny: a call that could not be checked is refused with a code (its key could not be verified:
    // SERVICE_UNAVAILABLE), never allowed unchecked, never an internal error.
    expect([...new Set(codes)].filter((c) => !['ALLOWED', 'BUDGET_EXCEEDED', 'ENFORCEMENT_UNAVAILABLE', 'SERVICE_UNAVAILABLE'].includes(c))).toEqual([]);
    expect(results.filter((r) => r.data?.authorizeUsage.allowed).length).toBeLessThanOrEqual(150);
    // Once PostgreSQL is left alone (the pools have let go of the sessions it ended), outstanding bookings land.
    const healthy = async () => (await Promise.all(Array.from({ length: 8 }, () => Promise.all([api.app.dataSource.query('SELECT 1'), api.app.enforcement.booking.replayDue(0)]).then(() => true, () => false)))).every(Boolean);
    await waitUntil(async () => (await healthy()) || false, 10_000, 'the pools to recover');
    const { counter, truth, open } = await compare(api.app, budgetId);
    expect(Number(truth.requests) + open.length).toBeLessThanOrEqual(150);
    expect(counter).toEqual(truth);
    expect((await authorize('after-the-storm')).data?.authorizeUsage.allowed).toBe(true);
  }, 120_000);

  it('reconciliation finds a counter off PostgreSQL (a voided event, a lost booking), corrects it and reports the drift', async () => {
    const feature = 'drift';
    const budgetId = await newBudget({ feature, requestLimit: 10 });
    const recorded = must(await api.gql(`mutation ($input: UsageInput!) { recordUsage(input: $input) { eventId } }`, { input: events(feature, 1)[0] }, service));
    must(await api.gql(RECORD_BATCH, { inputs: events(feature, 9) }, service));
    expect((await authorize(feature)).data?.authorizeUsage).toMatchObject({ allowed: false, code: 'BUDGET_EXCEEDED' });
    must(await api.gql(`mutation ($id: ID!) { voidUsageEvent(id: $id, reason: "duplicate") { id } }`, { id: recorded.recordUsage.eventId }, owner));
    const limit = await applied(api.app, budgetId);
    // And a booking lost outright: Redis one request short of the truth on another counter.
    const shortBudget = await newBudget({ feature: 'drift-short', requestLimit: 10 });
    must(await api.gql(RECORD_BATCH, { inputs: events('drift-short', 3) }, service));
    const short = await applied(api.app, shortBudget);
    await api.app.redis.hincrby(short.key, 'r', -1);

    const summary = await api.app.enforcement.reconciler.reconcileAll();
    expect(summary.drift.map((d) => [d.limitId, d.requests])).toEqual(expect.arrayContaining([[budgetId, 1], [shortBudget, -1]]));
    expect((await api.app.enforcement.counters.spent(limit.key))?.requests).toBe('9');
    expect((await api.app.enforcement.counters.spent(short.key))?.requests).toBe('3');
    expect((await authorize(feature)).data?.authorizeUsage.allowed).toBe(true);
    const listed = must(await api.gql(`{ counterDrift(first: 10) { limitId limitKind requests cost corrected } }`, {}, owner)).counterDrift;
    expect(listed).toEqual(expect.arrayContaining([{ limitId: budgetId, limitKind: 'BUDGET', requests: 1, cost: expect.any(String), corrected: true }]));
    expect((await api.app.enforcement.reconciler.reconcileAll()).drift.filter((d) => [budgetId, shortBudget].includes(d.limitId))).toEqual([]);
    expect((await api.gql(`{ counterDrift { id } }`, {}, service)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("one org's bad input fails its own calls only, while another org authorizes", async () => {
    const other = await api.createOrgWithKey('SERVICE');
    const bad = [{ estimatedCost: '0.01', estimatedInputTokens: -1 }, { credits: '100000000000000' }, { estimatedCost: '1e30' }, { projectId: randomUUID() }, { feature: 'a\u0000b' }, { ttlSeconds: 0 }];
    const budgetId = await newBudget({ feature: 'tenant', requestLimit: 1_000_000 });
    const [good, poisoned] = await Promise.all([
      Promise.all(Array.from({ length: 120 }, () => authorize('tenant'))),
      Promise.all(Array.from({ length: 120 }, (_, i) => api.gql(AUTHORIZE, { input: { feature: 'tenant', ...bad[i % bad.length] } }, other.key))),
    ]);
    expect(good.map((r) => r.errors?.[0]?.extensions?.code ?? (r.data?.authorizeUsage.allowed ? 'ALLOWED' : r.data?.authorizeUsage.code))).toEqual(good.map(() => 'ALLOWED'));
    expect(new Set(poisoned.map((r) => r.errors?.[0]?.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT', 'NOT_FOUND']));
    const { open } = await compare(api.app, budgetId);
    expect(open).toHaveLength(120);
  }, 60_000);

  it('an estimate too large for a counter is refused whole: no reservation in Redis or PostgreSQL', async () => {
    const feature = 'too-large';
    const budgetId = await newBudget({ feature, creditLimit: '1000' });
    must(await api.gql(RECORD_BATCH, { inputs: events(feature, 1) }, service));
    const limit = await applied(api.app, budgetId);
    const reservedBefore = await api.app.enforcement.counters.reserved(limit.key);
    const answer = await api.gql(AUTHORIZE, { input: { feature, estimatedCost: '0.01', credits: '100000000000000' } }, service);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ESTIMATE_TOO_LARGE' });
    expect(await api.app.enforcement.counters.reserved(limit.key)).toEqual(reservedBefore);
    expect((await compare(api.app, budgetId)).open).toHaveLength(0);
    expect(fromNanoUnits(reservedBefore!.credits).isZero()).toBe(true);
  });

  describe('API processes SIGKILLed', () => {
    const children: TollgateProcess[] = [];
    afterAll(async () => {
      for (const child of children) await child.stop(0);
    });
    const start = async () => {
      const child = spawnTollgateProcess(MAIN, {
        DATABASE_URL: api.app.config.DATABASE_URL,
        DATABASE_POOL_SIZE: '6',
        ...testRedisEnv(api.app.config),
        TOLLGATE_ADMIN_KEY: TEST_ADMIN_KEY,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      children.push(child);
      const [, url] = await child.waitForOutput(/Tollgate GraphQL API: (\S+)/);
      const gql = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service}` }, body: JSON.stringify({ query, variables }) });
        return (await response.json()) as { data?: any; errors?: unknown[] };
      };
      return { child, gql };
    };
    const kill = async (child: TollgateProcess) => {
      const exited = new Promise((resolve) => child.child.once('exit', resolve));
      child.child.kill('SIGKILL');
      await exited;
    };

    it('mid-ingest and mid-authorize, then restarted: counters equal PostgreSQL and nothing is overspent', async () => {
      const feature = 'sigkill';
      const budgetId = await newBudget({ feature, requestLimit: 2_000 });
      for (let round = 0; round < 3; round++) {
        const victim = await start();
        let answered = 0;
        const traffic = Array.from({ length: 40 }, async (_, i) => {
          const answer = i % 2
            ? await victim.gql(RECORD_BATCH, { inputs: events(feature, 20) }).catch(() => null)
            : await victim.gql(AUTHORIZE, { input: { feature, estimatedCost: '0.01' } }).catch(() => null);
          if (answer) answered++;
        });
        await waitUntil(async () => answered >= 5 + round * 5 || false, 30_000, 'traffic to be under way');
        await kill(victim.child);
        await Promise.all(traffic);
      }
      // A restarted API replays what the killed ones committed but did not book.
      const restarted = await start();
      await waitUntil(async () => (await compare(api.app, budgetId)).pending.length === 0 || false, 30_000, 'the outbox to drain');
      const { counter, truth } = await compare(api.app, budgetId);
      expect(counter).toEqual(truth);
      expect(Number(truth.requests)).toBeLessThanOrEqual(2_000);
      // Fill what is left, and not one call more.
      const reserved = await api.app.enforcement.counters.reserved((await applied(api.app, budgetId)).key);
      const room = 2_000 - Number(counter!.requests) - Number(reserved!.requests);
      const answers = await Promise.all(Array.from({ length: room + 20 }, () => restarted.gql(AUTHORIZE, { input: { feature, estimatedCost: '0.01' } })));
      expect(answers.filter((a) => a.data?.authorizeUsage.allowed).length).toBe(room);
    }, 180_000);
  });
}
