import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { createDataSource } from '../data-source';
import { databaseNameOf, runMigrations } from '../database-admin';
import { PricesRepository } from '../pricing/prices.repository';
import { loadPriceCatalog } from '../pricing/catalog';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_LOCK = 7_160_002;

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function refuseOutsideTests(): void {
  if (process.env.NODE_ENV !== 'test') {
    throw new Error('Test database helpers create and drop databases: they run only with NODE_ENV=test');
  }
}

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

const serverUrl = () => process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;

/** Template name from what shapes it (the migrations' code and the catalog), so any change gets a fresh template. */
function templateName(): string {
  const catalog = JSON.stringify(loadPriceCatalog());
  const migrations = MIGRATIONS.map((m) => `${m.name}:${m.prototype.up.toString()}`).join('\n');
  const hash = createHash('sha256').update(migrations).update(catalog).digest('hex');
  return `tollgate_tpl_${hash.slice(0, 16)}`;
}

async function ensureTemplate(admin: Client, name: string): Promise<void> {
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return;
    await admin.query(`CREATE DATABASE "${name}_building"`).catch(async () => {
      await admin.query(`DROP DATABASE "${name}_building" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}_building"`);
    });
    const dataSource = createDataSource({ url: withDatabase(serverUrl(), `${name}_building`), poolSize: 2 });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
      await new PricesRepository(dataSource).seedCatalog(loadPriceCatalog());
    } finally {
      await dataSource.destroy();
    }
    await admin.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
    await dropLeftovers(admin, name);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

const TEST_PREFIX = 'tollgate_test_';
const LEFTOVER_AGE_MS = 6 * 3600 * 1000;

/** Templates of older schemas, and test databases a killed run left more than six hours ago. */
async function dropLeftovers(admin: Client, currentTemplate: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tollgate\\_tpl\\_%' OR datname LIKE 'tollgate\\_test\\_%'`);
  for (const { datname } of rows) {
    const stamp = datname.startsWith(TEST_PREFIX) ? parseInt(datname.slice(TEST_PREFIX.length).split('_')[0] ?? '', 36) : NaN;
    const staleTemplate = datname.startsWith('tollgate_tpl_') && datname !== currentTemplate;
    const staleTest = Number.isFinite(stamp) && Date.now() - stamp > LEFTOVER_AGE_MS;
    if (staleTemplate || staleTest) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

/**
 * A database of its own for one test file: cloned from a template that is
 * migrated and seeded with the price catalog once per schema version.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  refuseOutsideTests();
  const admin = new Client({ connectionString: withDatabase(serverUrl(), databaseNameOf(serverUrl())) });
  await admin.connect();
  try {
    const template = templateName();
    await ensureTemplate(admin, template);
    const name = `${TEST_PREFIX}${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    const url = withDatabase(serverUrl(), name);
    return { url, name, drop: () => dropTestDatabase(name) };
  } finally {
    await admin.end();
  }
}

async function dropTestDatabase(name: string): Promise<void> {
  refuseOutsideTests();
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A Redis key prefix of its own for one test file, so files never see each other's keys or queues. */
export const testRedisPrefix = (): string => `t${randomBytes(5).toString('hex')}`;
