import type { DataSource } from 'typeorm';
import { waitUntil } from './child-process';

const TERMINATE = `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
const queues = new WeakMap<DataSource, Promise<number>>();

/**
 * Ends every other session on `dataSource`'s database, as an operator or a
 * failover would (57P01), and returns how many. One call at a time per data
 * source, retried: the caller's own pooled sessions are ended too.
 */
export function terminateBackends(dataSource: DataSource): Promise<number> {
  const previous = queues.get(dataSource) ?? Promise.resolve(0);
  const next = previous
    .catch(() => 0)
    .then(() => waitUntil(async () => (await dataSource.query(TERMINATE))[0].n as number, 5_000, 'a session to terminate the others'));
  queues.set(dataSource, next);
  return next;
}
