import { UnrecoverableError, Worker, type Job, type Processor } from 'bullmq';
import { createRedis } from '@tollgate/db';
import { JOB_NAMES, QUEUE_NAMES, SCHEDULES, type AppContext, type QueueName } from '@tollgate/services';
import { deliverWebhook } from './processors/deliver-webhook.processor';
import { openQuotaPeriods } from './processors/open-quota-periods.processor';
import { syncPriceCatalog } from './processors/sync-price-catalog.processor';
import { closeChargebacks, finalizeInvoice, runBilling, scheduleBilling } from './processors/billing.processors';
import { scanSpend, scheduleSpendScans } from './processors/spend-watch.processors';

export interface RunningWorker {
  workers: Worker[];
  close(): Promise<void>;
}

type Processors = Record<string, Processor>;

/** Which processor handles which job, per queue. A job name nobody handles fails for good. */
const processorsFor = (app: AppContext): Record<QueueName, Processors> => ({
  [QUEUE_NAMES.maintenance]: {
    [JOB_NAMES.syncPriceCatalog]: syncPriceCatalog(app),
    [JOB_NAMES.openQuotaPeriods]: openQuotaPeriods(app),
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

/**
 * Starts one BullMQ worker per queue, each on its own blocking Redis
 * connection, and upserts the recurring schedules (idempotent: every worker
 * replica may do it at start).
 */
export async function startWorker(app: AppContext, options: { concurrency?: number } = {}): Promise<RunningWorker> {
  const connection = createRedis(app.config.REDIS_URL, 'blocking');
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

  for (const schedule of Object.values(SCHEDULES)) {
    await app.queue(schedule.queue).upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: 'UTC' },
      { name: schedule.job, data: { requestedBy: `schedule:${schedule.id}` } },
    );
  }

  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
