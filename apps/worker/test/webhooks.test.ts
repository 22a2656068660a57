import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Dec } from '@tollgate/core';
import { createTestAppContext, verifyWebhookSignature, type Principal, type TestAppContext } from '@tollgate/services';
import { startWorker, type RunningWorker } from '../src/start-worker';

let ctx: TestAppContext;
let worker: RunningWorker;
let receiver: Server;
let url: string;
const received: Array<{ path: string; headers: Record<string, unknown>; body: string }> = [];
let failing = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/broken') {
        failing += 1;
        res.writeHead(500).end('down');
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const config = `/tmp/tollgate-webhooks-${randomUUID()}.yaml`;
  require('node:fs').writeFileSync(config, 'alerts:\n  channels:\n    webhooks: { attempts: 3, backoffMs: 50, timeoutMs: 2000 }\n');
  ctx = await createTestAppContext('worker', { TOLLGATE_CONFIG: config });
  worker = await startWorker(ctx.app, { concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  await ctx.teardown();
  await new Promise((resolve) => receiver.close(resolve));
});

const waitFor = async <T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('webhook delivery through the worker', () => {
  it('delivers a signed alert, and retries a failing endpoint until it is dead-lettered', async () => {
    const { app } = ctx;
    const platform: Principal = { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };
    const org = await app.organizations.createOrganization(platform, { name: 'Hooks', currency: 'USD', timezone: 'UTC' });
    const owner: Principal = { kind: 'API_KEY', orgId: org.id, role: 'OWNER', keyId: 'k', actor: 'api-key:test' };
    const secret = 'whsec_test_0123456789';
    const good = await app.webhooks.createWebhookEndpoint(owner, { url: `${url}/hooks`, secret, eventTypes: ['THRESHOLD_WARNING'] });
    const bad = await app.webhooks.createWebhookEndpoint(owner, { url: `${url}/broken`, secret, eventTypes: ['THRESHOLD_WARNING'] });
    await app.budgets.createBudget(owner, { name: 'ops', period: 'MONTHLY', action: 'WARN', costLimit: new Dec('1') });
    await app.usage.recordUsage(owner, { idempotencyKey: randomUUID(), costOverride: new Dec('0.6') });

    const delivered = await waitFor(async () => received.find((r) => r.path === '/hooks'));
    expect(delivered.headers['tollgate-event']).toBe('THRESHOLD_WARNING');
    expect(verifyWebhookSignature(String(delivered.headers['tollgate-signature']), delivered.body, secret)).toBe(true);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'THRESHOLD_WARNING', data: { alert: { threshold: 50, orgId: org.id } } });

    const dead = await waitFor(async () => {
      const [row] = await app.webhooks.listDeliveries(owner, { endpointId: bad.id });
      return row?.status === 'DEAD' ? row : null;
    });
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(failing).toBe(3);
    const [ok] = await app.webhooks.listDeliveries(owner, { endpointId: good.id });
    expect(ok).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204 });
  }, 30_000);
});
