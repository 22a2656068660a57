import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { buildTollgateSchema, printTollgateSchema } from '../src/schema/build-schema';
import { startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const base = () => api.url.replace(/\/graphql$/, '');

describe('operations endpoints', () => {
  it('answers /healthz and /readyz with PostgreSQL and Redis checked', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', postgres: true, redis: true });
  });

  it('rejects a body that is not JSON with 400 and answers CORS preflight', async () => {
    const bad = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.adminKey}` }, body: '{nope' });
    expect(bad.status).toBe(400);
    const preflight = await fetch(api.url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('graphql-ws on the same port', () => {
  const connect = (authorization?: string) =>
    createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: authorization ? { authorization } : {}, retryAttempts: 0, lazy: true });

  it('runs an operation for an authenticated client', async () => {
    const { key, orgId } = await api.createOrgWithKey('VIEWER');
    const client = connect(`Bearer ${key}`);
    const result = await new Promise<any>((resolve, reject) => {
      client.subscribe({ query: '{ viewer { role organization { id } } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    await client.dispose();
    expect(result.data.viewer).toEqual({ role: 'VIEWER', organization: { id: orgId } });
  });

  it('refuses a connection without a valid key', async () => {
    const client = connect('Bearer nope');
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: '{ viewer { role } }' }, { next: () => resolve('data'), error: (error) => resolve(error), complete: () => resolve('complete') });
    });
    await client.dispose();
    expect((outcome as { code?: number }).code).toBe(4403);
  });
});

describe('the checked-in schema', () => {
  it('matches the schema the resolvers build (run `pnpm --filter @tollgate/api print-schema` after a change)', async () => {
    const checkedIn = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
    expect(printTollgateSchema(await buildTollgateSchema())).toBe(checkedIn);
  });

  it('describes every type and field', async () => {
    const schema = await buildTollgateSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
