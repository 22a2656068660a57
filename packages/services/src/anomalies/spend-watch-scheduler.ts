import type { Queue } from 'bullmq';
import { JOB_NAMES, type JobPayloads } from '../queues/queues';
import type { AnomalyService } from './anomaly.service';

const HOUR_MS = 3_600_000;

/** The start of the UTC hour before the one holding `now`: the last whole hour. */
export const lastWholeHour = (now: Date): Date => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS);

/**
 * Fans the hourly spend watch out: one `scan-spend` job per org that used
 * anything in the hour, its id made of org and hour so an hour is scanned
 * once per org however often this runs, spread over every worker.
 */
export class SpendWatchScheduler {
  constructor(
    private readonly anomalies: AnomalyService,
    private readonly queue: () => Queue,
  ) {}

  async scheduleScans(hour: Date): Promise<number> {
    const orgs = await this.anomalies.orgsToScan(hour);
    for (let i = 0; i < orgs.length; i += 1000) {
      await this.queue().addBulk(
        orgs.slice(i, i + 1000).map((orgId) => ({
          name: JOB_NAMES.scanSpend,
          data: { orgId, hour: hour.toISOString() } satisfies JobPayloads[typeof JOB_NAMES.scanSpend],
          opts: { jobId: `spend.${orgId}.${hour.getTime()}` },
        })),
      );
    }
    return orgs.length;
  }
}
