import 'reflect-metadata';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { guardCheckedOutClients } from './database-admin';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceOptions {
  url: string;
  /** Pool size per process; the API and worker each hold one pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * Called when a pooled connection fails while idle (the server ended it:
   * restart, failover, pg_terminate_backend). The pool has already dropped it
   * and opens a new one on demand; by default TypeORM's own logger is told.
   */
  onPoolError?: (error: Error) => void;
}

/** The DataSource for Tollgate's schema. Never synchronizes: the schema comes from migrations only. */
export function createDataSource({ url, poolSize = 10, applicationName = 'tollgate', onPoolError }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    poolSize,
    applicationName,
    extra: { max: poolSize },
    ...(onPoolError ? { poolErrorHandler: onPoolError } : {}),
  });
}

/** After `initialize()`: the DataSource's pool gets the same guard as every other (see guardCheckedOutClients). */
export function guardDataSourceClients(dataSource: DataSource, onError: (error: Error) => void = () => {}): void {
  const { master } = dataSource.driver as PostgresDriver;
  if (master) guardCheckedOutClients(master as Pool, onError);
}
