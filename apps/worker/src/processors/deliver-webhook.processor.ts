import type { Job } from 'bullmq';
import type { AppContext, JobPayloads, JOB_NAMES } from '@tollgate/services';

type Payload = JobPayloads[typeof JOB_NAMES.deliverWebhook];

/** One delivery attempt; BullMQ retries with backoff, and the last failure marks the delivery DEAD. */
export const deliverWebhook = (app: AppContext) => async (job: Job<Payload>) => {
  const attempts = job.opts.attempts ?? 1;
  await app.webhooks.deliver(job.data.orgId, job.data.deliveryId, job.attemptsMade + 1, job.attemptsMade + 1 >= attempts);
};
