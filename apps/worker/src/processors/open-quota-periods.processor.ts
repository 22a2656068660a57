import type { Job } from 'bullmq';
import type { AppContext, JobPayloads, JOB_NAMES } from '@tollgate/services';

type Payload = JobPayloads[typeof JOB_NAMES.openQuotaPeriods];

/** Runs every minute: quota periods that just began get their counters ready before the first call. */
export const openQuotaPeriods = (app: AppContext) => async (job: Job<Payload>) => {
  const opened = await app.enforcer.openQuotaPeriods(new Date(), 5 * 60_000);
  if (opened) app.logger.info({ jobId: job.id, opened }, 'quota periods opened');
  return { opened };
};
