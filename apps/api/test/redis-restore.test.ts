import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dec } from '@tollgate/core';
import { createTestAppContext, waitUntil, type TestAppContext } from '@tollgate/services';

/**
 * A Redis that comes back with data of its own — restarted from an older
 * snapshot, as persistence or a lagging replica would bring it — holds
 * counters below PostgreSQL. Every process notices the new run id and one
 * drops the counters, which are then rebuilt from the truth.
 */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let dir: string;
let port: number;
let redis: ChildProcess | null = null;
let ctx: TestAppContext;

async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
  });
  child.removeAllListeners('exit');
  redis = child;
}

async function killRedis(): Promise<void> {
  const child = redis!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  redis = null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tollgate-redis-restore-'));
  port = await freePort();
  await startRedis();
  ctx = await createTestAppContext('redis-restore', { REDIS_URL: `redis://127.0.0.1:${port}` }, {}, { redis: 'single' });
}, 60_000);

afterAll(async () => {
  await ctx.teardown();
  if (redis) await killRedis();
  rmSync(dir, { recursive: true, force: true });
});

it('drops counters a restored snapshot left below PostgreSQL, so they are rebuilt from the truth', async () => {
  const { app } = ctx;
  const platform = { kind: 'PLATFORM_ADMIN' as const, actor: 'platform-admin' as const };
  const org = await app.organizations.createOrganization(platform, { name: 'Restore', currency: 'USD', timezone: 'UTC' });
  const owner = { kind: 'API_KEY' as const, orgId: org.id, role: 'OWNER' as const, keyId: 'k', actor: 'api-key:owner' };
  const budget = await app.budgets.createBudget(owner, { name: 'restore', period: 'MONTHLY', action: 'BLOCK', requestLimit: 30 } as never);
  const record = (n: number) =>
    app.usage.recordUsageBatch(owner, Array.from({ length: n }, () => ({ idempotencyKey: randomUUID(), costOverride: new Dec('0.01') })));
  await record(10);
  const applied = (await app.enforcement.limits.ofOrg(org.id, new Date())).find((a) => a.limit.id === budget.id)!;
  // The epoch watch has seen this server; a snapshot is taken with 10 requests booked.
  await waitUntil(async () => (await app.dataSource.query(`SELECT 1 FROM redis_epochs WHERE deployment = $1`, [app.config.REDIS_PREFIX])).length > 0 || false, 10_000, 'the first epoch check');
  await app.redis.save();
  await record(20);
  expect((await app.enforcement.counters.spent(applied.key))?.requests).toBe('30');

  await killRedis();
  await startRedis();
  // Back with the snapshot: 10 of the 30 requests, room the budget does not have.
  await waitUntil(async () => (await app.redis.ping()) === 'PONG' || false, 10_000, 'Redis to answer again');
  await waitUntil(async () => (await app.enforcement.counters.spent(applied.key))?.requests !== '10' || false, 15_000, 'the stale counter to be dropped');

  const service = { kind: 'API_KEY' as const, orgId: org.id, role: 'SERVICE' as const, keyId: 's', actor: 'api-key:svc' };
  const answer = await app.authorization.authorizeUsage(service, { estimatedCost: new Dec('0.01') });
  expect(answer).toMatchObject({ allowed: false, code: 'BUDGET_EXCEEDED' });
  expect((await app.enforcement.counters.spent(applied.key))?.requests).toBe('30');
}, 60_000);
