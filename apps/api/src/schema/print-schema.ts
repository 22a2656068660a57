import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTollgateSchema, printTollgateSchema } from './build-schema';

/** `pnpm --filter @tollgate/api print-schema` rewrites apps/api/schema.graphql. */
buildTollgateSchema()
  .then((schema) => {
    const target = join(__dirname, '..', '..', 'schema.graphql');
    writeFileSync(target, printTollgateSchema(schema));
    process.stdout.write(`wrote ${target}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
