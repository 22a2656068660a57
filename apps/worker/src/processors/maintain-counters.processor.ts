import type { Job } from 'bullmq';
import type { AppContext, JobPayloads, JOB_NAMES } from '@tollgate/services';

type Payload = JobPayloads[typeof JOB_NAMES.maintainCounters];

/** Bookings older than this without an answer are taken as unfinished (their process died or Redis was away). */
const REPLAY_AFTER_MS = 10_000;
const NEW_PERIOD_WITHIN_MS = 5 * 60_000;

/**
 * Every minute: books what a crash left in the outbox, builds the counters of
 * periods that just began (so the first call of a day does not wait),
 * reconciles the live counters due this minute with PostgreSQL, recording the
 * drift it corrects,
 * and deletes reservations that closed over an hour ago.
 */
export const maintainCounters = (app: AppContext) => async (job: Job<Payload>) => {
  const { booking, reconciler } = app.enforcement;
  const replayed = await booking.replayDue(REPLAY_AFTER_MS);
  const orgs = await reconciler.orgsWithLimits();
  const opened = await reconciler.openNewPeriods(new Date(), NEW_PERIOD_WITHIN_MS, orgs);
  const { checked, corrected, busy, drift } = await reconciler.reconcileAll(new Date(), app.config.worker.reconcileEveryMinutes, orgs);
  const purged = await reconciler.purgeClosedReservations(orgs);
  const summary = { replayed, opened, checked, corrected, busy, drifted: drift.length, purged };
  if (replayed || opened || drift.length) app.logger.info({ jobId: job.id, ...summary }, 'counters maintained');
  return summary;
};
