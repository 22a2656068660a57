import { saturated } from '@tollgate/core';
import type { EnforcementRepository, LimitCounters } from '@tollgate/db';
import type { AppliedLimit } from './applicable-limits';

const DAY_MS = 86_400_000;

/**
 * Builds a missing counter from PostgreSQL. The usage, the outbox's pending
 * batches and the open reservations are read in one snapshot, so a batch
 * committed around the rebuild is either in that figure (and marked booked)
 * or booked on top of it afterwards, never both and never neither.
 */
export class CounterRebuilder {
  /** Concurrent calls that find one counter missing share one rebuild. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly repository: EnforcementRepository,
    private readonly counters: LimitCounters,
  ) {}

  /** True when this call built it, false when it already existed. */
  rebuild(applied: AppliedLimit, now = new Date()): Promise<boolean> {
    const running = this.inFlight.get(applied.key);
    if (running) return running;
    const started = this.build(applied, now).finally(() => this.inFlight.delete(applied.key));
    this.inFlight.set(applied.key, started);
    return started;
  }

  /** PostgreSQL's figure for a counter, with the batches still booking into it. */
  truth({ limit, key }: AppliedLimit, now = new Date()) {
    const relative = key.slice(this.counters.orgPrefix(limit.orgId).length);
    return this.repository.counterTruth(limit.orgId, { limitId: limit.id, key: relative }, limit.scope, limit.currency, limit.window.start, limit.window.end, now);
  }

  private async build(applied: AppliedLimit, now: Date): Promise<boolean> {
    const { limit, key } = applied;
    const { end } = limit.window;
    const truth = await this.truth(applied, now);
    const ttlMs = end ? end.getTime() - now.getTime() + DAY_MS : 400 * DAY_MS;
    return this.counters.rebuild(limit.orgId, key, Math.max(ttlMs, 60_000), {
      spent: saturated(truth.spent),
      batchIds: truth.batchIds,
      // A PASS counter holds no reservations (see authorize-reservation.lua).
      reservations: limit.mode === 'PASS' ? [] : truth.reservations.map((r) => ({ ...r, amounts: saturated(r.amounts) })),
    }, now.getTime());
  }
}
