import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const VIEWER = `{ viewer { role apiKeyId organization { id currency timezone } } }`;
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix role organization { id } } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;

describe('authentication', () => {
  it('answers a missing key with 401 UNAUTHENTICATED', async () => {
    const response = await api.gql(VIEWER, {}, null);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.data).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-key'],
    ['a well-formed key for no org', `tgk_${'0'.repeat(32)}_abcdefghij_${'A'.repeat(43)}`],
  ])('answers %s with UNAUTHENTICATED', async (_label, key) => {
    const response = await api.gql(VIEWER, {}, key);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('rejects a real key with a wrong secret', async () => {
    const { key } = await api.createOrgWithKey('VIEWER');
    const tampered = key.slice(0, -2) + (key.endsWith('AA') ? 'BB' : 'AA');
    expect(errorCode(await api.gql(VIEWER, {}, tampered))).toBe('UNAUTHENTICATED');
  });

  it('resolves a key to its org and role, and shows the secret only once', async () => {
    const { orgId, key, keyId } = await api.createOrgWithKey('OWNER', { currency: 'EUR', timezone: 'Asia/Tokyo' });
    const viewer = await api.gql(VIEWER, {}, key);
    expect(viewer.data?.viewer).toEqual({ role: 'OWNER', apiKeyId: keyId, organization: { id: orgId, currency: 'EUR', timezone: 'Asia/Tokyo' } });
    const listed = await api.gql(`{ apiKeys { id prefix } }`, {}, key);
    expect(JSON.stringify(listed.data)).not.toContain(key.split('_')[3]);
    expect(key).toContain(`_${listed.data?.apiKeys[0].prefix}_`);
  });

  it('stops accepting a key the moment it is revoked', async () => {
    const { orgId, key } = await api.createOrgWithKey('OWNER');
    const member = await api.gql(CREATE_KEY, { input: { name: 'svc', role: 'SERVICE' } }, key);
    const serviceKey = member.data?.createApiKey.secret;
    expect(member.data?.createApiKey.apiKey.organization.id).toBe(orgId);
    expect((await api.gql(VIEWER, {}, serviceKey)).data?.viewer.role).toBe('SERVICE');
    const revoked = await api.gql(REVOKE_KEY, { id: member.data?.createApiKey.apiKey.id }, key);
    expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
    const after = await api.gql(VIEWER, {}, serviceKey);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
    expect(after.errors?.[0]?.message).toMatch(/revoked/);
  });
});

describe('roles', () => {
  it('lets only the platform admin create organizations', async () => {
    const { key } = await api.createOrgWithKey('OWNER');
    const response = await api.gql(`mutation { createOrganization(input: {name: "X", currency: "USD", timezone: "UTC"}) { id } }`, {}, key);
    expect(errorCode(response)).toBe('FORBIDDEN');
  });

  it.each([
    ['VIEWER', CREATE_KEY, { input: { name: 'k', role: 'VIEWER' } }],
    ['MEMBER', CREATE_KEY, { input: { name: 'k', role: 'VIEWER' } }],
    ['SERVICE', `{ pricing { providers } }`, {}],
    ['VIEWER', `mutation { upsertModelPrice(input: {provider: "openai", model: "gpt-4o", inputPerMTok: "1"}) { model } }`, {}],
  ])('denies %s with FORBIDDEN and says why', async (role, query, variables) => {
    const { key } = await api.createOrgWithKey(role);
    const response = await api.gql(query, variables, key);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toContain(`Role ${role} may not`);
  });

  it('keeps an ADMIN from minting or revoking OWNER keys', async () => {
    const { key: owner, keyId: ownerKeyId } = await api.createOrgWithKey('OWNER');
    const admin = (await api.gql(CREATE_KEY, { input: { name: 'admin', role: 'ADMIN' } }, owner)).data?.createApiKey.secret;
    expect(errorCode(await api.gql(CREATE_KEY, { input: { name: 'o', role: 'OWNER' } }, admin))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(REVOKE_KEY, { id: ownerKeyId }, admin))).toBe('FORBIDDEN');
    expect((await api.gql(CREATE_KEY, { input: { name: 'm', role: 'MEMBER' } }, admin)).data?.createApiKey.apiKey.role).toBe('MEMBER');
  });
});

describe('tenancy', () => {
  it('never lets one org read or change another org', async () => {
    const a = await api.createOrgWithKey('OWNER');
    const b = await api.createOrgWithKey('OWNER');
    expect(errorCode(await api.gql(`query ($id: ID) { organization(id: $id) { name } }`, { id: b.orgId }, a.key))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(CREATE_KEY, { input: { organizationId: b.orgId, name: 'x', role: 'ADMIN' } }, a.key))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(REVOKE_KEY, { id: b.keyId }, a.key))).toBe('NOT_FOUND');
    const keysA = await api.gql(`{ apiKeys { id } }`, {}, a.key);
    expect(keysA.data?.apiKeys.map((k: { id: string }) => k.id)).toEqual([a.keyId]);
    expect(errorCode(await api.gql(VIEWER, {}, b.key))).toBeUndefined();
  });

  it('scopes projects to the caller’s org', async () => {
    const a = await api.createOrgWithKey('ADMIN');
    const b = await api.createOrgWithKey('ADMIN');
    await api.gql(`mutation { createProject(input: {name: "chatbot"}) { id } }`, {}, a.key);
    const duplicate = await api.gql(`mutation { createProject(input: {name: "chatbot"}) { id } }`, {}, a.key);
    expect(errorCode(duplicate)).toBe('CONFLICT');
    expect((await api.gql(`mutation { createProject(input: {name: "chatbot"}) { id } }`, {}, b.key)).data?.createProject.id).toBeDefined();
    expect((await api.gql(`{ projects { name } }`, {}, a.key)).data?.projects).toEqual([{ name: 'chatbot' }]);
  });
});

describe('bad input', () => {
  it.each([
    [{ name: 'X', currency: 'ZZZ', timezone: 'UTC' }, /currency "ZZZ"/],
    [{ name: 'X', currency: 'USD', timezone: 'Mars/Olympus' }, /IANA time zone/],
    [{ name: '', currency: 'USD', timezone: 'UTC' }, /Argument Validation Error/],
  ])('rejects organization %p with BAD_USER_INPUT', async (input, message) => {
    const response = await api.gql(`mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`, { input });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(message);
  });

});

describe('users', () => {
  const UPSERT_USER = `mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { id externalId email displayName } }`;

  it('creates a user once per external id and updates only the profile fields sent', async () => {
    const { key } = await api.createOrgWithKey('ADMIN');
    const first = await api.gql(UPSERT_USER, { input: { externalId: 'u-42', email: 'ada@example.com' } }, key);
    const again = await api.gql(UPSERT_USER, { input: { externalId: 'u-42', displayName: 'Ada' } }, key);
    expect(again.data?.upsertUser).toEqual({ id: first.data?.upsertUser.id, externalId: 'u-42', email: 'ada@example.com', displayName: 'Ada' });
    const other = await api.createOrgWithKey('ADMIN');
    expect((await api.gql(`{ users { externalId } }`, {}, other.key)).data?.users).toEqual([]);
    expect((await api.gql(`{ users { externalId } }`, {}, key)).data?.users).toEqual([{ externalId: 'u-42' }]);
  });

  it('rejects a malformed email with BAD_USER_INPUT', async () => {
    const { key } = await api.createOrgWithKey('ADMIN');
    expect(errorCode(await api.gql(UPSERT_USER, { input: { externalId: 'u', email: 'not-an-email' } }, key))).toBe('BAD_USER_INPUT');
  });
});
