import type { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[] }>;
}

/**
 * Runs a hot statement as a named prepared statement on the transaction's
 * own connection: PostgreSQL parses and plans it once per connection instead
 * of on every call. `name` must be unique per distinct `text`.
 */
export async function preparedQuery<T = Record<string, unknown>>(tx: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = tx.queryRunner;
  if (!runner) throw new Error('preparedQuery needs a transaction-bound EntityManager');
  const client = (await runner.connect()) as PgClient;
  const result = await client.query({ name, text, values });
  return result.rows as T[];
}
