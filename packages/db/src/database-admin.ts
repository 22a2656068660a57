import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!IDENTIFIER.test(name)) throw new Error(`Database name "${name}" must be lower-case letters, digits and _`);
  return name;
}

/** The same server, connected to its `postgres` maintenance database. */
export function maintenanceUrl(url: string): string {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return maintenance.toString();
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  const client = new Client({ connectionString: maintenanceUrl(url) });
  // A connection the server ends also rejects the query in flight; without a listener the event would kill the process.
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

const MIGRATION_LOCK = 7_160_001;

/**
 * Applies pending migrations and returns their names. A session advisory lock
 * makes processes that start together (API, worker, replicas) take turns.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * A small pool whose sessions do not wait for the WAL flush at commit, for
 * writes that are copies of state held elsewhere (budget reservations live in
 * Redis; PostgreSQL keeps them only to rebuild counters; billing-run progress
 * is rewritten by the job's next attempt).
 */
export function createAsyncCommitPool(url: string, max = 4, onError: (error: Error) => void = () => {}): Pool {
  const pool = new Pool({ connectionString: url, max, options: '-c synchronous_commit=off', application_name: 'tollgate-async-commit' });
  // An idle session the server ends (restart, failover, a dropped database) is reported here and
  // already out of the pool; without a listener it would be an unhandled 'error' that kills the process.
  pool.on('error', (error) => onError(error));
  guardCheckedOutClients(pool, onError);
  return pool;
}

/**
 * pg listens for errors on idle clients only: a session ended by the server
 * while checked out (a transaction awaiting Redis, say) emits 'error' on the
 * client, which would kill the process. The query that needed it fails
 * instead, and the client is discarded by whoever holds it.
 */
export function guardCheckedOutClients(pool: Pool, onError: (error: Error) => void = () => {}): void {
  pool.on('connect', (client) => client.on('error', (error) => onError(error)));
}
