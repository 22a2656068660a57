import { randomUUID } from 'node:crypto';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { alertChannel, createAppContext, waitUntil, type AppContext } from '@tollgate/services';
import { startApiServer, type ApiServer } from '../src/http/api-server';
import { buildTollgateSchema } from '../src/schema/build-schema';
import { REVOKED_CLOSE_REASON } from '../src/http/key-sockets';
import { errorCode, must, startTestApi, type TestApi } from './support/test-api';

/**
 * Two API servers on one database and one Redis, as two replicas: a key
 * revoked through the first must stop working on the second within a second
 * (not after its 5 s key cache), and its open subscription there must end.
 */
let api: TestApi;
let second: AppContext;
let server: ApiServer;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi();
  second = await createAppContext(api.app.config, 'api-2');
  server = await startApiServer(second, await buildTollgateSchema(), { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await server.close();
  await second.close();
  await api.close();
});

const VIEWER = `{ viewer { apiKeyId role } }`;
const onSecond = async (query: string, key: string) => {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) });
  return { status: response.status, ...((await response.json()) as object) } as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
};

/** A budgetAlerts subscription on the second server, over a real WebSocket; its events are recorded as they come. */
function subscribeOnSecond(key: string) {
  const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
  clients.push(client);
  const received: any[] = [];
  let ended: { how: 'complete' } | { how: 'error'; code?: number; reason?: string } | null = null;
  client.subscribe(
    { query: `subscription { budgetAlerts { id type message } }` },
    {
      next: (message) => received.push(message.data?.budgetAlerts),
      error: (error) => (ended = { how: 'error', code: (error as { code?: number }).code, reason: (error as { reason?: string }).reason }),
      complete: () => (ended = { how: 'complete' }),
    },
  );
  return { received, ended: () => ended };
}

/** Publishes a stand-in alert on the org's channel, as any process raising one would. */
const publishAlert = (orgId: string, message: string) =>
  api.app.redis.publish(alertChannel(api.app.config.REDIS_PREFIX, orgId), JSON.stringify({ id: randomUUID(), orgId, type: 'THRESHOLD_WARNING', message, createdAt: new Date().toISOString() }));

describe('revoking an API key', () => {
  it('reaches the other API server within a second: its subscription closes and its queries are UNAUTHENTICATED', async () => {
    const { orgId, key, keyId } = await api.createOrgWithKey('ADMIN');
    const bystander = await api.createOrgWithKey('ADMIN');

    // Both keys are verified, hence cached for 5 s, on the second server.
    expect(must(await onSecond(VIEWER, key)).viewer).toEqual({ apiKeyId: keyId, role: 'ADMIN' });
    expect(must(await onSecond(VIEWER, bystander.key)).viewer.apiKeyId).toBe(bystander.keyId);

    const revoked = subscribeOnSecond(key);
    const other = subscribeOnSecond(bystander.key);
    // Live: alerts reach both subscriptions (published until one arrives, since a subscription starts asynchronously).
    await waitUntil(async () => {
      await publishAlert(orgId, 'before');
      await publishAlert(bystander.orgId, 'before');
      return revoked.received.length > 0 && other.received.length > 0;
    }, 10_000, 'both subscriptions to receive an alert', 50);

    must(await api.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: keyId }, key));
    const revokedAt = Date.now();

    const ended = await waitUntil(async () => revoked.ended() ?? false, 1_000, 'the revoked key’s subscription to end', 10);
    expect(ended).toEqual({ how: 'error', code: CloseCode.Forbidden, reason: REVOKED_CLOSE_REASON });
    const rejected = await waitUntil(async () => {
      const response = await onSecond(VIEWER, key);
      return errorCode(response as any) === 'UNAUTHENTICATED' ? response : false;
    }, 1_000, 'the second server to reject the revoked key', 10);
    expect(rejected.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(Date.now() - revokedAt).toBeLessThan(1_000);

    // Nothing more reaches the closed subscription; another org's subscription and key are untouched.
    const seen = revoked.received.length;
    await waitUntil(async () => {
      await publishAlert(bystander.orgId, 'after');
      await publishAlert(orgId, 'after');
      return other.received.some((alert) => alert?.message === 'after');
    }, 5_000, 'the other subscription to keep receiving', 50);
    expect(revoked.received).toHaveLength(seen);
    expect(other.ended()).toBeNull();
    expect(must(await onSecond(VIEWER, bystander.key)).viewer.apiKeyId).toBe(bystander.keyId);

    // A new connection with the revoked key is refused.
    const again = subscribeOnSecond(key);
    const refused = await waitUntil(async () => again.ended() ?? false, 5_000, 'the reconnect to be refused', 10);
    expect(refused).toMatchObject({ how: 'error', code: CloseCode.Forbidden });
    expect(again.received).toHaveLength(0);
  }, 60_000);
});
