import 'reflect-metadata';
import { createAppContext, runCli } from '@tollgate/services';
import { startApiServer } from './http/api-server';
import { buildTollgateSchema } from './schema/build-schema';

runCli(async (config) => {
  const app = await createAppContext(config, 'api');
  const schema = await buildTollgateSchema();
  const server = await startApiServer(app, schema, { port: config.PORT, host: config.HOST });
  // Usage a crashed process committed but did not book into the counters (the worker also replays every minute).
  void app.enforcement.booking.replayDue(0).catch((error: unknown) => app.logger.warn({ err: error }, 'could not replay usage bookings at start'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down the API');
    await server.close();
    await app.close();
    process.exit(0);
  };
  // Handlers first, then "ready": a supervisor may signal the moment it reads the ready line.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (!config.TOLLGATE_ADMIN_KEY) app.logger.warn('TOLLGATE_ADMIN_KEY is not set: no one can create organizations');
  app.logger.info({ url: server.url }, 'Tollgate API ready');
  process.stdout.write(`Tollgate GraphQL API: ${server.url}\n`);
});
