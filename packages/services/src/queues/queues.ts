/**
 * Queue names carry a Redis Cluster hash tag, so each queue's keys share a
 * slot while different queues spread over the cluster.
 */
export const QUEUE_NAMES = {
  maintenance: '{maintenance}',
  webhooks: '{webhooks}',
  billing: '{billing}',
  insights: '{insights}',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Job names and their payloads. Payloads hold ids only; processors load the rest. */
export const JOB_NAMES = {
  syncPriceCatalog: 'sync-price-catalog',
  deliverWebhook: 'deliver-webhook',
  openQuotaPeriods: 'open-quota-periods',
  maintainCounters: 'maintain-counters',
  scheduleBilling: 'schedule-billing',
  runBilling: 'run-billing',
  finalizeInvoice: 'finalize-invoice',
  closeChargebacks: 'close-chargebacks',
  scheduleSpendScans: 'schedule-spend-scans',
  scanSpend: 'scan-spend',
} as const;

export interface JobPayloads {
  [JOB_NAMES.syncPriceCatalog]: { requestedBy: string };
  [JOB_NAMES.deliverWebhook]: { orgId: string; deliveryId: string };
  [JOB_NAMES.openQuotaPeriods]: { requestedBy: string };
  [JOB_NAMES.maintainCounters]: { requestedBy: string };
  [JOB_NAMES.scheduleBilling]: { requestedBy: string };
  [JOB_NAMES.runBilling]: { orgId: string; runId: string; subscriptionId: string; periodStart: string };
  [JOB_NAMES.finalizeInvoice]: { orgId: string; id: string };
  [JOB_NAMES.closeChargebacks]: { requestedBy: string };
  /** `hour` (ISO, start of a UTC hour) rescans a given hour; by default the hour that just ended. */
  [JOB_NAMES.scheduleSpendScans]: { requestedBy: string; hour?: string };
  [JOB_NAMES.scanSpend]: { orgId: string; hour: string };
}

/** Stable ids of the recurring schedules the worker upserts at start. */
export const SCHEDULES = {
  priceCatalogDaily: { id: 'price-catalog-daily', queue: QUEUE_NAMES.maintenance, job: JOB_NAMES.syncPriceCatalog, pattern: '17 3 * * *' },
  // Replays unfinished bookings, opens new periods' counters and reconciles live counters with PostgreSQL.
  countersEveryMinute: { id: 'counters', queue: QUEUE_NAMES.maintenance, job: JOB_NAMES.maintainCounters, pattern: '* * * * *' },
  billingHourly: { id: 'billing-hourly', queue: QUEUE_NAMES.billing, job: JOB_NAMES.scheduleBilling, pattern: '5 * * * *' },
  // Hourly rather than on the 1st: each org's month ends at midnight in its own zone.
  chargebacksMonthly: { id: 'chargebacks-monthly', queue: QUEUE_NAMES.billing, job: JOB_NAMES.closeChargebacks, pattern: '25 * * * *' },
  // Ten minutes past the hour, so usage of the hour just ended has arrived.
  spendWatchHourly: { id: 'spend-watch-hourly', queue: QUEUE_NAMES.insights, job: JOB_NAMES.scheduleSpendScans, pattern: '10 * * * *' },
} as const;

/** Retry policy for jobs: exponential backoff, bounded history. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
