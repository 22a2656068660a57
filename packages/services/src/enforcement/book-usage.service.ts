import { addUnits, saturated, contributionOf, fromCounterUnits, limitCounts, statusAt, toCounterUnits, utilizationPercent, ZERO_UNITS, type CounterUnits } from '@tollgate/core';
import type { BudgetsRepository, EnforcementRepository, LimitCounters, PendingBooking, UsageEventRow } from '@tollgate/db';
import type { EntityManager } from 'typeorm';
import type { AlertService } from '../alerts/alert.service';
import type { BudgetService } from '../budgets/budget.service';
import type { Logger } from '../logging/logger';
import type { ApplicableLimits, AppliedLimit } from './applicable-limits';
import type { CounterRebuilder } from './counter-rebuilder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ROUNDS = 3;
/** Longer than a failed booking takes to be replayed by the worker (every minute, for rows over 10 s old). */
const HOLD_UNTIL_BOOKED_MS = 5 * 60_000;
const RETRY_DELAYS_MS = [500, 2_000, 8_000];
const MAX_REPLAY_PAGES = 100;
const reservationIdsOf = (rows: readonly UsageEventRow[]) => [...new Set(rows.flatMap((r) => (r.reservationId && UUID.test(r.reservationId) ? [r.reservationId.toLowerCase()] : [])))];

/** What a batch's new events add to which counters. */
export interface PreparedBooking {
  batchId: string;
  bookings: Array<{ applied: AppliedLimit; amounts: CounterUnits }>;
  reservationIds: string[];
}

/** Contributions worked out before the transaction, summed over the events that turn out new. */
export interface BookingPlan {
  /** The version of the org's limits the plan was made under. */
  limitsVersion: string;
  bookingOf(batchId: string, created: readonly UsageEventRow[]): PreparedBooking;
}

/** The org's limits changed since the plan was made: roll back and plan again. */
export class StaleLimitsError extends Error {
  constructor(orgId: string) {
    super(`the limits of organization ${orgId} changed while recording usage`);
  }
}

const tokensOf = (row: UsageEventRow) => row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.embeddingTokens;

/**
 * Books recorded usage into the counters exactly once, through an outbox:
 * the batch's bookings are written in the transaction that records its
 * events; after commit, whoever deletes that outbox row (this process, or a
 * replay after a crash) applies it to Redis while holding the row's lock.
 * Each counter remembers the batches booked into it, so a replay of a batch
 * whose Redis step ran but whose delete did not commit adds nothing.
 */
export class UsageBooking {
  constructor(
    private readonly limits: ApplicableLimits,
    private readonly rebuilder: CounterRebuilder,
    private readonly counters: LimitCounters,
    private readonly repository: EnforcementRepository,
    private readonly budgets: BudgetService,
    private readonly budgetsRepository: BudgetsRepository,
    private readonly alerts: AlertService,
    private readonly logger: Logger,
  ) {}

  /**
   * Before the transaction: every live counter each event falls in and what
   * it adds there. `bookingOf` then sums the events that were actually new.
   */
  async plan(orgId: string, rows: readonly UsageEventRow[], now = new Date()): Promise<BookingPlan> {
    const known = await this.limits.load(orgId);
    const perRow = new Map<UsageEventRow, Array<{ applied: AppliedLimit; amounts: CounterUnits }>>();
    for (const row of rows) {
      const counted = { ...row, tokens: tokensOf(row) };
      const entries: Array<{ applied: AppliedLimit; amounts: CounterUnits }> = [];
      for (const applied of await this.limits.covering(orgId, row, row.occurredAt, known)) {
        // A window that has ended is no longer enforced: nothing reads its counter again.
        if ((applied.limit.window.end && applied.limit.window.end <= now) || !limitCounts(applied.limit, counted)) continue;
        entries.push({ applied, amounts: toCounterUnits(contributionOf(applied.limit, counted)) });
      }
      perRow.set(row, entries);
    }
    return {
      limitsVersion: known.version,
      bookingOf(batchId, created) {
        const byKey = new Map<string, { applied: AppliedLimit; amounts: CounterUnits }>();
        for (const row of created) {
          for (const { applied, amounts } of perRow.get(row) ?? []) {
            byKey.set(applied.key, { applied, amounts: addUnits(byKey.get(applied.key)?.amounts ?? ZERO_UNITS, amounts) });
          }
        }
        const reservationIds = reservationIdsOf(created);
        return { batchId, bookings: [...byKey.values()], reservationIds };
      },
    };
  }

  /**
   * First in the usage transaction: holds the org's limits still until commit
   * (no change of them can commit in between, so any counter rebuilt for a
   * new limit sees these events) and checks the plan was made under their
   * current version; else throws StaleLimitsError and the caller plans again.
   */
  async holdLimits(tx: EntityManager, orgId: string, plan: BookingPlan): Promise<void> {
    if ((await this.repository.holdLimits(tx, orgId)) !== plan.limitsVersion) {
      this.limits.forget(orgId);
      throw new StaleLimitsError(orgId);
    }
  }

  /** In the usage transaction, once its events are inserted: settles the batch's reservations and puts its bookings in the outbox. */
  async record(tx: EntityManager, orgId: string, plan: BookingPlan, batchId: string, created: readonly UsageEventRow[]): Promise<PreparedBooking> {
    const prepared = plan.bookingOf(batchId, created);
    await this.repository.settleReservations(tx, orgId, prepared.reservationIds);
    if (prepared.bookings.length === 0 && prepared.reservationIds.length === 0) return prepared;
    const prefix = this.counters.orgPrefix(orgId);
    await this.repository.addPendingBooking(tx, {
      orgId,
      batchId,
      bookings: prepared.bookings.map(({ applied, amounts }) => ({ key: applied.key.slice(prefix.length), amounts: saturated(amounts) })),
      reservationIds: prepared.reservationIds,
    });
    return prepared;
  }

  /**
   * Before the usage transaction: the reservations its events settle stay
   * counted in Redis until their booking lands (PostgreSQL closes them at
   * commit, so a lapse before the booking, or a replay after a crash, would
   * leave the counter short meanwhile).
   */
  async holdSettledReservations(orgId: string, rows: readonly UsageEventRow[]): Promise<void> {
    const ids = reservationIdsOf(rows);
    if (ids.length) await this.counters.holdReservations(orgId, ids, HOLD_UNTIL_BOOKED_MS);
  }

  /** After commit. A failure is logged, not thrown: the usage is recorded, retried here shortly and replayed by the worker. */
  async applyAfterCommit(orgId: string, prepared: PreparedBooking): Promise<void> {
    if (prepared.bookings.length === 0 && prepared.reservationIds.length === 0) return;
    const known = new Map(prepared.bookings.map((b) => [b.applied.key, b.applied]));
    try {
      if (await this.apply(orgId, prepared.batchId, known, false)) await this.evaluate(orgId, [...known.values()]);
    } catch (error) {
      this.logger.warn({ err: error, orgId, batchId: prepared.batchId }, 'usage recorded; booking into counters retried shortly');
      this.retry(orgId, prepared.batchId, known, 0);
    }
  }

  /** Books a batch whose booking failed again after a pause, as a replay would (a few times; the worker replays the rest). */
  private retry(orgId: string, batchId: string, known: Map<string, AppliedLimit>, attempt: number): void {
    if (attempt >= RETRY_DELAYS_MS.length) return;
    setTimeout(() => {
      this.apply(orgId, batchId, known, true).then(
        (booked) => (booked ? this.evaluate(orgId, [...known.values()]) : Promise.resolve()).catch((error: unknown) => this.logger.warn({ err: error, orgId, batchId }, 'booked; thresholds not evaluated')),
        (error: unknown) => {
          this.logger.warn({ err: error, orgId, batchId, attempt }, 'usage booking retry failed');
          this.retry(orgId, batchId, known, attempt + 1);
        },
      );
    }, RETRY_DELAYS_MS[attempt]).unref();
  }

  /**
   * Applies outbox rows older than `olderThanMs` whose booking did not finish
   * (a process died, Redis was away). Rows another process is applying are
   * skipped. Returns how many batches this call booked.
   */
  async replayDue(olderThanMs: number, pageSize = 500): Promise<number> {
    let replayed = 0;
    for (let page = 0; page < MAX_REPLAY_PAGES; page++) {
      const due = await this.repository.duePendingBookings(olderThanMs, pageSize);
      let booked = 0;
      for (const { orgId, batchId } of due) {
        try {
          if (await this.apply(orgId, batchId, null, true)) booked++;
        } catch (error) {
          this.logger.warn({ err: error, orgId, batchId }, 'could not replay a usage booking; will retry');
        }
      }
      replayed += booked;
      // A short page, or one whose rows others hold or keep failing: the rest waits for the next pass.
      if (due.length < pageSize || booked === 0) break;
    }
    if (replayed) this.logger.info({ replayed }, 'replayed usage bookings into counters');
    return replayed;
  }

  /** Claims the batch's outbox row and books it; false when someone else has it or had it. */
  private async apply(orgId: string, batchId: string, known: Map<string, AppliedLimit> | null, skipLocked: boolean): Promise<boolean> {
    const prefix = this.counters.orgPrefix(orgId);
    let keys: string[] = [];
    const claimed = await this.repository.claimPendingBooking(
      orgId,
      batchId,
      async (pending) => {
        keys = await this.bookIntoCounters(orgId, pending, prefix, known);
      },
      { skipLocked },
    );
    // The booker that committed its own batch's delete is the only one that can know no one else will book it:
    // a replay may follow an original whose session died after its Redis step, so a replay's marks age out instead.
    if (claimed && !skipLocked) await this.counters.forgetBatch(keys, batchId).catch((error: unknown) => this.logger.debug({ err: error }, 'batch marks left to age out'));
    return claimed;
  }

  /** Books a claimed batch; a missing counter is rebuilt (the snapshot holds this batch, still in the outbox) and the booking retried. */
  private async bookIntoCounters(orgId: string, pending: PendingBooking, prefix: string, known: Map<string, AppliedLimit> | null): Promise<string[]> {
    let bookings = pending.bookings.map((b) => ({ key: prefix + b.key, amounts: b.amounts }));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const outcome = await this.counters.book(orgId, pending.batchId, pending.reservationIds, bookings);
      if (outcome.kind === 'OK') return bookings.map((b) => b.key);
      const lost: string[] = [];
      for (const i of outcome.indexes) {
        const key = bookings[i]!.key;
        const applied = known?.get(key) ?? (await this.findApplied(orgId, key));
        if (applied) await this.rebuilder.rebuild(applied);
        else lost.push(key);
      }
      // A counter whose limit no longer exists (deleted, changed) is never read again.
      bookings = bookings.filter((b) => !lost.includes(b.key));
    }
    throw new Error('counters were lost again while being rebuilt');
  }

  /** The limit behind a counter key, found from the window start the key carries. */
  private async findApplied(orgId: string, key: string): Promise<AppliedLimit | null> {
    const windowStart = Number(key.slice(key.lastIndexOf(':') + 1));
    if (!Number.isFinite(windowStart)) return null;
    return (await this.limits.ofOrg(orgId, new Date(windowStart))).find((a) => a.key === key) ?? null;
  }

  /** A suspension lasts the period: it follows PostgreSQL's figure, never a counter that may run over. */
  private async exceededInTruth(applied: AppliedLimit): Promise<boolean> {
    const { spent } = await this.rebuilder.truth(applied);
    return statusAt(utilizationPercent(applied.limit.caps, fromCounterUnits(spent)), applied.budget!) === 'EXCEEDED';
  }

  /** Raises the thresholds each touched budget has crossed, and suspends an auto-suspending budget once exceeded. */
  private async evaluate(orgId: string, touched: AppliedLimit[]): Promise<void> {
    for (const { key, budget, limit } of touched) {
      if (!budget) continue;
      const spent = await this.counters.spent(key);
      if (!spent) continue;
      const utilization = utilizationPercent(limit.caps, fromCounterUnits(spent));
      await this.alerts.raiseThresholds(budget, limit.window.start, utilization);
      if (budget.autoSuspend && statusAt(utilization, budget) === 'EXCEEDED' && (await this.exceededInTruth({ key, budget, limit }))) {
        if (await this.budgetsRepository.suspend(orgId, budget.id, new Date())) this.budgets.forget(orgId);
      }
    }
  }
}
