import { prepareDatabase } from './prepare-database';
import { runCli } from './run-cli';

runCli(async (config) => {
  const result = await prepareDatabase(config, { seedCatalog: true });
  const target = new URL(config.DATABASE_URL);
  process.stdout.write(
    `tollgate setup: database ${target.pathname.slice(1)} ${result.created ? 'created' : 'present'}; ` +
      `${result.migrations.length} migration(s) applied; ${result.catalogPrices} catalog price(s) loaded\n`,
  );
});
