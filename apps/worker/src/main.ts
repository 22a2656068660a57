import { createAppContext, runCli } from '@tollgate/services';
import { startWorker } from './start-worker';

runCli(async (config) => {
  const app = await createAppContext(config, 'worker');
  const worker = await startWorker(app);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down the worker: finishing running jobs');
    await worker.close();
    await app.close();
    process.exit(0);
  };
  // Handlers first, then "ready": a supervisor may signal the moment it reads the ready line.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  app.logger.info({ queues: worker.workers.map((w) => w.name) }, 'Tollgate worker ready');
  process.stdout.write(`Tollgate worker: processing ${worker.workers.map((w) => w.name).join(', ')}\n`);
});
