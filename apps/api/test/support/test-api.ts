import { createTestAppContext, TEST_ADMIN_KEY, type AppContext, type TestAppContextOptions } from '@tollgate/services';
import { startApiServer } from '../../src/http/api-server';
import { buildTollgateSchema } from '../../src/schema/build-schema';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface TestApi {
  app: AppContext;
  url: string;
  adminKey: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GraphQLResponse<T>>;
  /** A new organization with a key of the given role, created through the API. */
  createOrgWithKey(role?: string, org?: Partial<{ name: string; currency: string; timezone: string }>): Promise<{ orgId: string; key: string; keyId: string }>;
  close(): Promise<void>;
}

/** A real API server on an ephemeral port, its own database and Redis prefix; called over real HTTP. */
/** An API server on a database of its own; `file` adds YAML settings (e.g. billing grace), `options.redis` picks a single Redis or the test cluster. */
export async function startTestApi(file: Record<string, unknown> = {}, options: TestAppContextOptions = {}): Promise<TestApi> {
  const { app, teardown } = await createTestAppContext('api', {}, file, options);
  const server = await startApiServer(app, await buildTollgateSchema(), { port: 0, host: '127.0.0.1' });

  const gql: TestApi['gql'] = async (query, variables = {}, key = TEST_ADMIN_KEY) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as object) };
  };

  const createOrgWithKey: TestApi['createOrgWithKey'] = async (role = 'OWNER', org = {}) => {
    const created = await gql(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Acme', currency: 'USD', timezone: 'Europe/Paris', ...org } },
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const orgId = created.data.createOrganization.id as string;
    const key = await gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
      { input: { organizationId: orgId, name: `${role} key`, role } },
    );
    if (!key.data) throw new Error(JSON.stringify(key.errors));
    return { orgId, key: key.data.createApiKey.secret, keyId: key.data.createApiKey.apiKey.id };
  };

  return {
    app,
    url: server.url,
    adminKey: TEST_ADMIN_KEY,
    gql,
    createOrgWithKey,
    async close() {
      await server.close();
      await teardown();
    },
  };
}

export const errorCode = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/** The data of a GraphQL response, or a failure showing its errors. */
export function must(response: { data?: any; errors?: unknown }): any {
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data;
}
