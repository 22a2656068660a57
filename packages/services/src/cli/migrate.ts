import { prepareDatabase } from './prepare-database';
import { runCli } from './run-cli';

runCli(async (config) => {
  const result = await prepareDatabase(config, { seedCatalog: false });
  process.stdout.write(`tollgate migrate: ${result.migrations.length ? result.migrations.join(', ') : 'up to date'}\n`);
});
