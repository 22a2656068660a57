import { UnrecoverableError, Worker, type Job, type Processor } from 'bullmq';
import { createRedis } from '@tollgate/db';
import { JOB_NAMES, QUEUE_NAMES, SCHEDULES, connectionWarning, redisEndpoint, type AppContext, type QueueName } from '@tollgate/services';
import { deliverWebhook } from './processors/deliver-webhook.processor';
import { maintainCounters } from './processors/maintain-counters.processor';
import { syncPriceCatalog } from './processors/sync-price-catalog.processor';
import { closeChargebacks, finalizeInvoice, runBilling, scheduleBilling } from './processors/billing.processors';
import { scanSpend, scheduleSpendScans } from './processors/spend-watch.processors';
import { checkSchedules, startScheduleWatchdog, upsertSchedule } from './schedule-watchdog';

export interface RunningWorker {
  workers: Worker[];
  close(): Promise<void>;
}

type Processors = Record<string, Processor>;

/** Which processor handles which job, per queue. A job name nobody handles fails for good. */
const processorsFor = (app: AppContext): Record<QueueName, Processors> => ({
  [QUEUE_NAMES.maintenance]: {
    [JOB_NAMES.syncPriceCatalog]: syncPriceCatalog(app),
    [JOB_NAMES.maintainCounters]: maintainCounters(app),
    // Deployments from before the counters job still hold this scheduler until it is removed.
    [JOB_NAMES.openQuotaPeriods]: maintainCounters(app),
  },
  [QUEUE_NAMES.webhooks]: {
    [JOB_NAMES.deliverWebhook]: deliverWebhook(app),
  },
  [QUEUE_NAMES.billing]: {
    [JOB_NAMES.scheduleBilling]: scheduleBilling(app),
    [JOB_NAMES.runBilling]: runBilling(app),
    [JOB_NAMES.finalizeInvoice]: finalizeInvoice(app),
    [JOB_NAMES.closeChargebacks]: closeChargebacks(app),
  },
  [QUEUE_NAMES.insights]: {
    [JOB_NAMES.scheduleSpendScans]: scheduleSpendScans(app),
    [JOB_NAMES.scanSpend]: scanSpend(app),
  },
});

const CONCURRENCY: Record<QueueName, (app: AppContext) => number> = {
  [QUEUE_NAMES.maintenance]: () => 4,
  [QUEUE_NAMES.webhooks]: () => 4,
  [QUEUE_NAMES.billing]: (app) => app.config.billing.concurrency,
  [QUEUE_NAMES.insights]: (app) => app.config.insights.concurrency,
};

function dispatch(queue: string, processors: Processors): Processor {
  return async (job: Job) => {
    const processor = processors[job.name];
    if (!processor) throw new UnrecoverableError(`No processor for job "${job.name}" on queue ${queue}`);
    return processor(job);
  };
}

export interface StartWorkerOptions {
  concurrency?: number;
  /** How often lost job schedulers are looked for; `worker.scheduleWatchdogMs` by default. */
  scheduleWatchdogMs?: number;
}

/**
 * Starts one BullMQ worker per queue, each on its own blocking Redis
 * connection, upserts the recurring schedules (idempotent: every worker
 * replica may do it at start), and keeps a watchdog that registers them again
 * when Redis loses them.
 */
export async function startWorker(app: AppContext, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const connection = createRedis(redisEndpoint(app.config), 'blocking');
  // BullMQ reports connection errors through each worker too; this keeps a Redis restart a warning, never an unhandled event.
  connection.on('error', connectionWarning(app.logger, 'Redis (worker)'));
  const workers = Object.entries(processorsFor(app)).map(([queue, processors]) => {
    const worker = new Worker(queue, dispatch(queue, processors), {
      connection,
      prefix: app.config.REDIS_PREFIX,
      concurrency: options.concurrency ?? CONCURRENCY[queue as QueueName](app),
      lockDuration: app.config.worker.lockDurationMs,
      stalledInterval: app.config.worker.stalledIntervalMs,
    });
    worker.on('failed', (job, error) => app.logger.warn({ queue, jobId: job?.id, name: job?.name, err: error }, 'job failed'));
    worker.on('error', (error) => app.logger.error({ queue, err: error }, 'worker error'));
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  for (const schedule of Object.values(SCHEDULES)) await upsertSchedule(app, schedule);
  // A first pass now: a worker starting on a Redis that lost its data re-enqueues due billing at once.
  await checkSchedules(app);
  const watchdog = startScheduleWatchdog(app, options.scheduleWatchdogMs ?? app.config.worker.scheduleWatchdogMs);

  return {
    workers,
    async close() {
      await watchdog.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
