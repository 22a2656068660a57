import type { Job } from 'bullmq';
import type { AppContext, JobPayloads, JOB_NAMES } from '@tollgate/services';

/**
 * Hourly: one billing run per subscription period that has ended in its
 * org's zone (job id = org, subscription and period, so a period is enqueued
 * once however often this runs), and the finalization of drafts whose grace
 * period is over.
 */
export const scheduleBilling = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.scheduleBilling]>) => {
  const now = new Date();
  const runs = await app.billingRuns.scheduleDueRuns(now, job.data.requestedBy);
  const finalizations = await app.billingRuns.scheduleDueFinalizations(now);
  if (runs.length || finalizations) app.logger.info({ jobId: job.id, runs: runs.length, finalizations }, 'billing scheduled');
  return { runs: runs.length, finalizations };
};

/** One subscription's period: its invoice computed (and finalized when there is no grace period). Progress is the stage reached. */
export const runBilling = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.runBilling]>) => {
  const invoice = await app.billing.processRun(job.data, (stage) => job.updateProgress({ stage }));
  return { invoiceId: invoice.id, status: invoice.status, number: invoice.number, total: invoice.total.toFixed() };
};

export const finalizeInvoice = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.finalizeInvoice]>) => {
  const invoice = await app.billing.finalize(job.data.orgId, job.data.id, 'system:billing');
  return { invoiceId: invoice.id, status: invoice.status, number: invoice.number };
};

/** Writes last month's chargeback statements for every org whose month has ended in its zone and has none yet. */
export const closeChargebacks = (app: AppContext) => async (job: Job<JobPayloads[typeof JOB_NAMES.closeChargebacks]>) => {
  const closed = await app.chargebacks.closeEndedMonths(new Date());
  if (closed) app.logger.info({ jobId: job.id, closed }, 'chargeback statements written');
  return { closed };
};
