import { randomUUID } from 'node:crypto';
import { Dec, type ModelPrice } from '@tollgate/core';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/data-source';
import { PricesRepository } from '../src/pricing/prices.repository';
import { loadPriceCatalog } from '../src/pricing/catalog';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

let database: TestDatabase;
let dataSource: DataSource;
let prices: PricesRepository;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  prices = new PricesRepository(dataSource);
  orgId = randomUUID();
  await dataSource.query(`INSERT INTO organizations (id, name, currency, timezone) VALUES ($1, 'Acme', 'USD', 'UTC')`, [orgId]);
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

const gpt4o = (overrides: Partial<ModelPrice>): ModelPrice => ({
  ...loadPriceCatalog().find((p) => p.provider === 'openai' && p.model === 'gpt-4o')!,
  ...overrides,
});

describe('a test database', () => {
  it('starts migrated with the catalog loaded', async () => {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM catalog_prices');
    expect(count).toBe(loadPriceCatalog().length);
    const applied = await dataSource.query('SELECT name FROM migrations');
    expect(applied.map((m: { name: string }) => m.name)).toContain('Foundation1763900000000');
  });

  it('is its own: another test database does not see its rows', async () => {
    const other = await createTestDatabase();
    const otherSource = createDataSource({ url: other.url, poolSize: 1 });
    await otherSource.initialize();
    const [{ count }] = await otherSource.query('SELECT count(*)::int AS count FROM organizations');
    await otherSource.destroy();
    await other.drop();
    expect(count).toBe(0);
  });
});

describe('schema constraints', () => {
  it('rejects a project without an existing org, and duplicate names in one org', async () => {
    await expect(dataSource.query(`INSERT INTO projects (org_id, id, name) VALUES ($1, $2, 'x')`, [randomUUID(), randomUUID()])).rejects.toThrow(
      /foreign key/,
    );
    await dataSource.query(`INSERT INTO projects (org_id, id, name) VALUES ($1, $2, 'chat')`, [orgId, randomUUID()]);
    await expect(dataSource.query(`INSERT INTO projects (org_id, id, name) VALUES ($1, $2, 'chat')`, [orgId, randomUUID()])).rejects.toThrow(
      /duplicate key/,
    );
  });

  it('rejects unknown roles, negative prices and inverted validity', async () => {
    await expect(
      dataSource.query(`INSERT INTO api_keys (org_id, id, name, prefix, secret_hash, role, created_by) VALUES ($1, $2, 'k', 'p', 'h', 'ROOT', 'me')`, [
        orgId,
        randomUUID(),
      ]),
    ).rejects.toThrow(/check constraint/);
    await expect(prices.upsertOrgPrice(orgId, gpt4o({ inputPerMTok: new Dec(-1) }), 'test')).rejects.toThrow(/check constraint/);
    await expect(
      prices.upsertOrgPrice(orgId, gpt4o({ effectiveFrom: new Date('2025-01-02'), effectiveTo: new Date('2025-01-01') }), 'test'),
    ).rejects.toThrow(/check constraint/);
  });

  it('stores prices at numeric(38,12) without losing a digit', async () => {
    const stored = await prices.upsertOrgPrice(orgId, gpt4o({ model: 'precise', inputPerMTok: new Dec('12345678901234567890.123456789012') }), 'test');
    expect(stored.inputPerMTok!.toFixed()).toBe('12345678901234567890.123456789012');
  });
});

describe('PricesRepository', () => {
  it('seeds the catalog idempotently', async () => {
    const before = await prices.countCatalog();
    await prices.seedCatalog(loadPriceCatalog());
    await prices.seedCatalog(loadPriceCatalog());
    expect(await prices.countCatalog()).toBe(before);
  });

  it('replaces an org version with the same start and keeps others', async () => {
    const from = new Date('2025-03-01T00:00:00Z');
    await prices.upsertOrgPrice(orgId, gpt4o({ model: 'versioned', effectiveFrom: from, inputPerMTok: new Dec(1) }), 'test');
    await prices.upsertOrgPrice(orgId, gpt4o({ model: 'versioned', effectiveFrom: from, inputPerMTok: new Dec(2) }), 'test');
    await prices.upsertOrgPrice(orgId, gpt4o({ model: 'versioned', effectiveFrom: new Date('2025-06-01T00:00:00Z'), inputPerMTok: new Dec(3) }), 'test');
    const { orgOverrides } = await prices.findVersions(orgId, 'openai', 'versioned');
    expect(orgOverrides.map((p) => p.inputPerMTok!.toFixed()).sort()).toEqual(['2', '3']);
  });

  it('lists prices in force with org overrides in place of the catalog entry', async () => {
    await prices.upsertOrgPrice(orgId, gpt4o({ effectiveFrom: new Date('2025-01-01T00:00:00Z'), inputPerMTok: new Dec('1.5') }), 'test');
    const otherOrg = randomUUID();
    await dataSource.query(`INSERT INTO organizations (id, name, currency, timezone) VALUES ($1, 'Other', 'USD', 'UTC')`, [otherOrg]);
    const mine = (await prices.findAllInForce(orgId, new Date('2025-02-01T00:00:00Z'), 'openai')).find((p) => p.model === 'gpt-4o');
    const theirs = (await prices.findAllInForce(otherOrg, new Date('2025-02-01T00:00:00Z'), 'openai')).find((p) => p.model === 'gpt-4o');
    expect(mine).toMatchObject({ isOrgOverride: true });
    expect(mine!.inputPerMTok!.toFixed()).toBe('1.5');
    expect(theirs).toMatchObject({ isOrgOverride: false });
    expect(theirs!.inputPerMTok!.toFixed()).toBe('2.5');
  });
});
