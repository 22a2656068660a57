import { createHash } from 'node:crypto';
import { badInput, fromNanoUnits, saturated, type CounterUnits } from '@tollgate/core';
import { uuidv7, type CounterDrift, type EnforcementRepository, type LimitCounters } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { Logger } from '../logging/logger';
import type { ApplicableLimits, AppliedLimit } from './applicable-limits';
import type { CounterRebuilder } from './counter-rebuilder';

/** What one reconciliation pass found. */
export interface ReconcileSummary {
  /** Counters compared with PostgreSQL. */
  checked: number;
  /** Counters found off and set to PostgreSQL's figure. */
  corrected: number;
  /** Counters with bookings in flight during the check: rebuilt from PostgreSQL instead (exact, but no drift figure). */
  busy: number;
  /** Counters that drifted, with how much (Redis minus PostgreSQL). */
  drift: CounterDrift[];
}

const MEASURES = ['cost', 'credits', 'tokens', 'requests'] as const;

/** Whether a counter is due for reconciliation in the minute of `at`: each key once in every `everyMinutes` consecutive minutes. */
export function reconcileDue(key: string, at: Date, everyMinutes: number): boolean {
  if (everyMinutes <= 1) return true;
  return createHash('sha1').update(key).digest().readUInt32BE(0) % everyMinutes === Math.floor(at.getTime() / 60_000) % everyMinutes;
}
const sameUnits = (a: CounterUnits, b: CounterUnits) => MEASURES.every((m) => a[m] === b[m]);
const difference = (a: CounterUnits, b: CounterUnits, m: (typeof MEASURES)[number]) => BigInt(a[m]) - BigInt(b[m]);

/**
 * Compares live counters with PostgreSQL and corrects the ones that drifted
 * (a process whose cached budgets were a few seconds stale, a voided event,
 * anything unforeseen). The figure is read twice around the counter: only
 * when nothing booked into it in between is a difference real, and the
 * correction is a compare-and-set, so a booking landing meanwhile wins. A
 * counter always busy is rebuilt from PostgreSQL instead.
 */
export class CounterReconciler {
  constructor(
    private readonly limits: ApplicableLimits,
    private readonly rebuilder: CounterRebuilder,
    private readonly counters: LimitCounters,
    private readonly repository: EnforcementRepository,
    private readonly logger: Logger,
  ) {}

  /**
   * The live counters due this minute (each once in `everyMinutes`, by a hash
   * of its key, so the window scans spread out), or every one with 1.
   */
  async reconcileAll(now = new Date(), everyMinutes = 1, orgs?: readonly string[]): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { checked: 0, corrected: 0, busy: 0, drift: [] };
    for (const orgId of orgs ?? (await this.orgsWithLimits())) {
      for (const applied of await this.limits.ofOrg(orgId, now)) {
        if (!reconcileDue(applied.key, now, everyMinutes)) continue;
        const found = await this.reconcile(applied, now);
        if (found === 'MISSING') continue;
        summary.checked++;
        if (found === 'BUSY') {
          // Under steady traffic the two reads never agree; dropping the counter makes the next call rebuild it
          // from one snapshot, which is exact whatever was in flight (the same path as a Redis flush).
          summary.busy++;
          await this.counters.drop(applied.key);
          await this.rebuilder.rebuild(applied, now);
        }
        else if (found !== 'IN_SYNC') {
          summary.drift.push(found);
          if (found.corrected) summary.corrected++;
        }
      }
    }
    if (summary.drift.length) this.logger.warn({ corrected: summary.corrected, drift: summary.drift.length }, 'counter drift found and corrected');
    return summary;
  }

  /** One counter: in sync, busy, missing (nothing to compare), or the drift found (recorded). */
  async reconcile(applied: AppliedLimit, now = new Date()): Promise<'IN_SYNC' | 'BUSY' | 'MISSING' | CounterDrift> {
    const before = await this.rebuilder.truth(applied, now);
    const read = await this.counters.spent(applied.key);
    if (!read) return 'MISSING';
    const after = await this.rebuilder.truth(applied, now);
    if (before.batchIds.length || after.batchIds.length || !sameUnits(before.spent, after.spent)) return 'BUSY';
    const truth = saturated(after.spent);
    if (sameUnits(read, truth)) return 'IN_SYNC';
    const corrected = await this.counters.reconcile(applied.key, read, truth);
    if (!corrected) return 'BUSY';
    const drift: CounterDrift = {
      orgId: applied.limit.orgId,
      id: uuidv7(),
      limitId: applied.limit.id,
      limitKind: applied.limit.kind,
      windowStart: applied.limit.window.start,
      cost: fromNanoUnits(difference(read, truth, 'cost').toString()),
      credits: fromNanoUnits(difference(read, truth, 'credits').toString()),
      tokens: Number(difference(read, truth, 'tokens')),
      requests: Number(difference(read, truth, 'requests')),
      corrected,
    };
    await this.repository.recordDrift(drift);
    return drift;
  }

  /** Deletes reservations that lapsed or closed over an hour ago, org by org. Returns how many went. */
  async purgeClosedReservations(orgs?: readonly string[]): Promise<number> {
    let purged = 0;
    for (const orgId of orgs ?? (await this.orgsWithLimits())) purged += await this.repository.purgeClosedReservations(orgId, 3_600_000);
    return purged;
  }

  /** Orgs with a live limit: what each pass goes through (a caller doing several passes reads it once). */
  orgsWithLimits(): Promise<string[]> {
    return this.repository.orgsWithLimits();
  }

  /** Drift found in the caller's org, newest first. */
  async listDrift(principal: Principal, first: number): Promise<CounterDrift[]> {
    requireRole(principal, ROLES.admins, 'read counter drift');
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first must be 1 to 500', 'INVALID_PAGE', { field: 'first' });
    return this.repository.listDrift(orgIdOf(principal), first);
  }

  /**
   * Builds the counters of windows that began in the last `withinMs` (a new
   * day of a daily quota, a new month of a budget), so the first call of a
   * period does not wait for a rebuild. Returns how many it built.
   */
  async openNewPeriods(now: Date, withinMs: number, orgs?: readonly string[]): Promise<number> {
    let opened = 0;
    for (const orgId of orgs ?? (await this.orgsWithLimits())) {
      for (const applied of await this.limits.ofOrg(orgId, now)) {
        if (now.getTime() - applied.limit.window.start.getTime() > withinMs) continue;
        if (await this.counters.spent(applied.key)) continue;
        if (await this.rebuilder.rebuild(applied, now)) opened++;
      }
    }
    return opened;
  }
}
