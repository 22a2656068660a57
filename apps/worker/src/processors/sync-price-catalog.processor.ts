import type { Job } from 'bullmq';
import type { AppContext, JobPayloads, JOB_NAMES } from '@tollgate/services';

type Payload = JobPayloads[typeof JOB_NAMES.syncPriceCatalog];

/** Re-applies the shipped price catalog, so a deploy with new list prices reaches the database. */
export const syncPriceCatalog = (app: AppContext) => async (job: Job<Payload>) => {
  const prices = await app.pricing.syncCatalog();
  await job.updateProgress(100);
  app.logger.info({ jobId: job.id, prices, requestedBy: job.data.requestedBy }, 'price catalog synced');
  return { prices };
};
