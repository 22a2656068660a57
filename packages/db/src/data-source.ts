import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceOptions {
  url: string;
  /** Pool size per process; the API and worker each hold one pool. */
  poolSize?: number;
  applicationName?: string;
}

/** The DataSource for Tollgate's schema. Never synchronizes: the schema comes from migrations only. */
export function createDataSource({ url, poolSize = 10, applicationName = 'tollgate' }: DataSourceOptions): DataSource {
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
  });
}
