import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/data-source';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

let database: TestDatabase;
let dataSource: DataSource;
const orgId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await dataSource.query(`INSERT INTO organizations (id, name, currency, timezone) VALUES ($1, 'Acme', 'USD', 'UTC')`, [orgId]);
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

async function transaction(legs: Array<[string, string, string]>): Promise<string> {
  const id = randomUUID();
  await dataSource.transaction(async (tx) => {
    await tx.query(`INSERT INTO ledger_transactions (org_id, id, kind, actor, source_type) VALUES ($1, $2, 'TOP_UP', 'test', 'test')`, [orgId, id]);
    const values = legs.map((_, i) => `($1, $2, ${i}, $${3 + i * 3}, $${4 + i * 3}, $${5 + i * 3}::numeric)`).join(', ');
    await tx.query(`INSERT INTO ledger_postings (org_id, transaction_id, seq, account, asset, amount) VALUES ${values}`, [orgId, id, ...legs.flat()]);
  });
  return id;
}

const count = async (table: string) => (await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe('the ledger in PostgreSQL', () => {
  it('accepts a transaction whose postings sum to zero per asset', async () => {
    await transaction([
      ['org:credit_wallet', 'CREDIT', '100'],
      ['system:credit_issuance', 'CREDIT', '-100'],
      ['org:usage_spend', 'USD', '0.000000000001'],
      ['system:usage_revenue', 'USD', '-0.000000000001'],
    ]);
  });

  it('refuses an unbalanced transaction and keeps nothing of it', async () => {
    const before = await count('ledger_transactions');
    await expect(
      transaction([
        ['org:credit_wallet', 'CREDIT', '100'],
        ['system:credit_issuance', 'CREDIT', '-99.999999999999'],
      ]),
    ).rejects.toThrow(/does not balance: CREDIT postings sum to 0.000000000001/);
    await expect(
      transaction([
        ['org:usage_spend', 'USD', '1'],
        ['system:usage_revenue', 'EUR', '-1'],
      ]),
    ).rejects.toThrow(/does not balance/);
    expect(await count('ledger_transactions')).toBe(before);
  });

  it('refuses postings added later to a balanced transaction', async () => {
    const id = await transaction([
      ['org:credit_wallet', 'CREDIT', '5'],
      ['system:credit_grants', 'CREDIT', '-5'],
    ]);
    await expect(
      dataSource.query(`INSERT INTO ledger_postings (org_id, transaction_id, seq, account, asset, amount) VALUES ($1, $2, 9, 'org:credit_wallet', 'CREDIT', 1)`, [orgId, id]),
    ).rejects.toThrow(/does not balance/);
  });

  it('refuses to change or remove history', async () => {
    await expect(dataSource.query(`UPDATE ledger_postings SET amount = amount * 2`)).rejects.toThrow(/append-only: UPDATE on ledger_postings/);
    await expect(dataSource.query(`DELETE FROM ledger_postings`)).rejects.toThrow(/append-only: DELETE/);
    await expect(dataSource.query(`UPDATE ledger_transactions SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE ledger_postings`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(dataSource.query(`TRUNCATE ledger_transactions CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('refuses zero legs and unknown assets', async () => {
    await expect(transaction([['org:credit_wallet', 'CREDIT', '0']])).rejects.toThrow(/check constraint/);
    await expect(
      transaction([
        ['org:credit_wallet', 'BTC!', '1'],
        ['system:credit_grants', 'BTC!', '-1'],
      ]),
    ).rejects.toThrow(/check constraint/);
  });
});
