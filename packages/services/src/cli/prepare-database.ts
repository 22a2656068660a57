import { PricesRepository, createDataSource, ensureDatabaseExists, loadPriceCatalog, runMigrations } from '@tollgate/db';
import type { AppConfig } from '../config/config.schema';

export interface PreparedDatabase {
  created: boolean;
  migrations: string[];
  catalogPrices: number | null;
}

/** Creates the database if missing, applies migrations and, when asked, loads the price catalog. */
export async function prepareDatabase(config: AppConfig, options: { seedCatalog: boolean }): Promise<PreparedDatabase> {
  const created = await ensureDatabaseExists(config.DATABASE_URL);
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'tollgate-setup' });
  await dataSource.initialize();
  try {
    const migrations = await runMigrations(dataSource);
    const catalogPrices = options.seedCatalog ? await new PricesRepository(dataSource).seedCatalog(loadPriceCatalog()) : null;
    return { created, migrations, catalogPrices };
  } finally {
    await dataSource.destroy();
  }
}
