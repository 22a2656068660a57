import type { Job } from 'bullmq';
import { lastWholeHour, type AppContext, type JobPayloads, type JOB_NAMES } from '@tollgate/services';

/** Hourly: a scan job per org that used anything in the last whole hour (or the hour the payload names). */
export const scheduleSpendScans = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.scheduleSpendScans]>) => {
  const hour = job.data.hour ? new Date(job.data.hour) : lastWholeHour(new Date());
  const orgs = await app.spendWatch.scheduleScans(hour);
  return { hour: hour.toISOString(), orgs };
};

/** One org's hour: anomalies in its spend series, then budgets whose projection crosses their limit. */
export const scanSpend = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.scanSpend]>) => {
  const scan = await app.anomalies.scanOrg(job.data.orgId, new Date(job.data.hour));
  const overruns = await app.forecasts.checkBudgets(job.data.orgId);
  return { scored: scan.scored, anomalies: scan.anomalies.map((a) => a.id), overruns };
};
