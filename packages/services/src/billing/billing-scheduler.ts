import { badInput, billingPeriod } from '@tollgate/core';
import type { BillableSubscriptionRow, BillingRunRow, BillingRunStatus, BillingRunsRepository, InvoicesRepository } from '@tollgate/db';
import type { Queue } from 'bullmq';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { pageSize } from '../pagination/cursor';
import { JOB_NAMES } from '../queues/queues';
import type { BillingRunJob } from './billing.service';

/** Ended periods one scheduler pass enqueues per subscription at most (a subscription years behind catches up over a few passes). */
const MAX_PERIODS_PER_PASS = 24;

/** The job id (and billing run id) of a subscription's period: the same period is enqueued once. */
export const billingRunId = (orgId: string, subscriptionId: string, periodStart: Date) => `bill.${orgId}.${subscriptionId}.${periodStart.getTime()}`;

/** Ended, not yet invoiced periods of a subscription as of `now`, oldest first. */
export function endedPeriods(subscription: BillableSubscriptionRow, now: Date): Array<{ start: Date; end: Date }> {
  const periods: Array<{ start: Date; end: Date }> = [];
  let cursor = subscription.billedUntil ?? subscription.startedAt;
  while (periods.length < MAX_PERIODS_PER_PASS && !(subscription.endsAt && cursor >= subscription.endsAt)) {
    const nominal = billingPeriod(subscription.anchor, subscription.billingInterval, subscription.startedAt, cursor, subscription.timezone);
    const end = subscription.endsAt && subscription.endsAt < nominal.end ? subscription.endsAt : nominal.end;
    if (end > now) break;
    periods.push({ start: cursor, end });
    cursor = end;
  }
  return periods;
}

interface Deps {
  runs: BillingRunsRepository;
  invoices: InvoicesRepository;
  queue: () => Queue;
}

/**
 * Which billing work is due: one run per subscription period that ended in
 * its org's zone (recorded, then enqueued under a job id made of org,
 * subscription and period, so a period is enqueued once however often this
 * runs), and the finalization of drafts whose grace period is over.
 */
export class BillingScheduler {
  constructor(private readonly deps: Deps) {}

  /** Records and enqueues a billing run for every ended, uninvoiced period (all orgs, or one). */
  async scheduleDueRuns(now: Date, requestedBy: string, orgId?: string | null): Promise<BillingRunRow[]> {
    const subscriptions = await this.deps.runs.billableSubscriptions(now, orgId);
    const wanted = subscriptions.flatMap((subscription) =>
      endedPeriods(subscription, now).map((period) => ({
        orgId: subscription.orgId,
        id: billingRunId(subscription.orgId, subscription.id, period.start),
        subscriptionId: subscription.id,
        periodStart: period.start,
        periodEnd: period.end,
        requestedBy,
      })),
    );
    const runs: BillingRunRow[] = [];
    for (let i = 0; i < wanted.length; i += 1000) {
      const chunk = wanted.slice(i, i + 1000);
      runs.push(...(await this.deps.runs.upsert(chunk)));
      await this.deps.queue().addBulk(
        chunk.map((run) => ({
          name: JOB_NAMES.runBilling,
          data: { orgId: run.orgId, runId: run.id, subscriptionId: run.subscriptionId, periodStart: run.periodStart.toISOString() } satisfies BillingRunJob,
          opts: { jobId: run.id },
        })),
      );
    }
    return runs;
  }

  /** Enqueues the finalization of drafts whose grace period is over. */
  async scheduleDueFinalizations(now: Date): Promise<number> {
    const due = await this.deps.invoices.draftsDue(now, 10_000);
    await this.deps.queue().addBulk(due.map((d) => ({ name: JOB_NAMES.finalizeInvoice, data: d, opts: { jobId: `finalize.${d.id}` } })));
    return due.length;
  }

  /** runBillingCycle: bills every period of the org's subscriptions that ended by `periodEnd`; failed runs are retried. */
  async runBillingCycle(principal: Principal, input: { organizationId?: string | null; periodEnd: Date }): Promise<BillingRunRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'run billing');
    const orgId = orgIdOf(principal, input.organizationId);
    if (input.periodEnd > new Date()) throw badInput('periodEnd must not be in the future', 'INVALID_PERIOD', { field: 'periodEnd' });
    const runs = await this.scheduleDueRuns(input.periodEnd, principal.actor, orgId);
    for (const run of runs.filter((r) => r.status === 'FAILED')) {
      const job = await this.deps.queue().getJob(run.id);
      if (job && (await job.isFailed())) await job.retry();
    }
    return runs;
  }

  listRuns(principal: Principal, input: { organizationId?: string | null; status?: BillingRunStatus | null; subscriptionId?: string | null; first?: number | null }): Promise<BillingRunRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'read billing runs');
    return this.deps.runs.list(orgIdOf(principal, input.organizationId), input, pageSize(input.first));
  }
}
