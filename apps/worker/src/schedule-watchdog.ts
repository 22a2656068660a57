import { JOB_NAMES, QUEUE_NAMES, SCHEDULES, type AppContext } from '@tollgate/services';

export type Schedule = (typeof SCHEDULES)[keyof typeof SCHEDULES];

/** Creates or updates one recurring schedule (idempotent). */
export function upsertSchedule(app: AppContext, schedule: Schedule) {
  return app.queue(schedule.queue).upsertJobScheduler(
    schedule.id,
    { pattern: schedule.pattern, tz: 'UTC' },
    { name: schedule.job, data: { requestedBy: `schedule:${schedule.id}` } },
  );
}

/**
 * A key the worker keeps in Redis: its absence means Redis lost its data
 * (flush, restart without persistence, failover to an empty replica). It
 * shares the billing queue's hash tag, so on a cluster it lives and dies with
 * the billing jobs it stands for.
 */
export const dataMarkerKey = (app: AppContext) => `${app.config.REDIS_PREFIX}:${QUEUE_NAMES.billing}:data-marker`;

export interface WatchdogPass {
  /** Ids of the schedules that were missing and are registered again. */
  restored: string[];
  /** Whether Redis had lost the marker, i.e. its data, since the last pass. */
  dataLost: boolean;
  /** Whether a billing pass was enqueued to put back the billing and finalization jobs lost with the data. */
  billingRequeued: boolean;
}

/**
 * One watchdog pass: every schedule of SCHEDULES that Redis no longer holds
 * is upserted again, and when anything was lost a billing pass is enqueued at
 * once rather than at the next hourly tick. That pass re-adds every due
 * billing run under its deterministic job id (`billingRunId`) and every due
 * finalization under `finalize.<id>`, so runs whose jobs vanished are queued
 * again and runs whose jobs survived are not queued twice.
 */
export async function checkSchedules(app: AppContext, now = new Date()): Promise<WatchdogPass> {
  const dataLost = (await app.redis.exists(dataMarkerKey(app))) === 0;
  const restored: string[] = [];
  for (const schedule of Object.values(SCHEDULES)) {
    if (await app.queue(schedule.queue).getJobScheduler(schedule.id)) continue;
    await upsertSchedule(app, schedule);
    restored.push(schedule.id);
  }
  const billingRequeued = dataLost || restored.length > 0;
  if (billingRequeued) {
    // One id per minute: replicas that notice the same loss enqueue one pass, and a pass is idempotent anyway.
    const jobId = `recover-billing.${Math.floor(now.getTime() / 60_000)}`;
    await app.queue(QUEUE_NAMES.billing).add(JOB_NAMES.scheduleBilling, { requestedBy: 'watchdog:redis-data-lost' }, { jobId });
  }
  // Set last: a pass that fails before this point is simply repeated.
  if (dataLost) await app.redis.set(dataMarkerKey(app), now.toISOString());
  if (restored.length) app.logger.warn({ restored, dataLost }, 'job schedulers were missing from Redis: registered them again');
  if (billingRequeued) app.logger.warn({ dataLost }, 'Redis lost queue data: enqueued a billing pass to re-add due billing runs and finalizations');
  return { restored, dataLost, billingRequeued };
}

export interface ScheduleWatchdog {
  stop(): Promise<void>;
}

/** Runs `checkSchedules` every `intervalMs`, never two passes at once; a failed pass (Redis down) is logged and retried next time. */
export function startScheduleWatchdog(app: AppContext, intervalMs: number): ScheduleWatchdog {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = checkSchedules(app)
      .then(() => undefined)
      .catch((error: unknown) => app.logger.warn({ err: error }, 'schedule watchdog pass failed; retrying at the next one'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
