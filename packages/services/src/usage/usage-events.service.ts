import { DomainError, badInput } from '@tollgate/core';
import type { UsageEventFilter, UsageEventView, UsageRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { decodeCursor, pageSize, toPage, type Page } from '../pagination/cursor';

export interface UsageStats {
  events: number;
  voidedEvents: number;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
}

const MIN_RETENTION_DAYS = 1;

/** Reading raw usage back, and retention of it. */
export class UsageEventsService {
  constructor(private readonly usage: UsageRepository) {}

  async usageEvents(principal: Principal, filter: UsageEventFilter, first?: number | null, after?: string | null): Promise<Page<UsageEventView>> {
    requireRole(principal, ROLES.readers, 'read usage events');
    const limit = pageSize(first);
    const rows = await this.usage.page(orgIdOf(principal), filter, limit + 1, decodeCursor(after));
    return toPage(rows, limit, (row) => ({ at: row.occurredAt, id: row.id }));
  }

  stats(principal: Principal): Promise<UsageStats> {
    requireRole(principal, ROLES.readers, 'read stats');
    return this.usage.stats(orgIdOf(principal));
  }

  /** Deletes raw events older than `before`; reports (rollups) and the ledger keep their totals. */
  async purgeUsageBefore(principal: Principal, before: Date): Promise<number> {
    requireRole(principal, ROLES.admins, 'purge usage');
    if (before.getTime() > Date.now() - MIN_RETENTION_DAYS * 86_400_000) {
      throw badInput(`before must be at least ${MIN_RETENTION_DAYS} day in the past`, 'INVALID_RETENTION', { field: 'before' });
    }
    if (Number.isNaN(before.getTime())) throw new DomainError('BAD_USER_INPUT', 'before is not a date');
    return this.usage.purgeBefore(orgIdOf(principal), before);
  }
}
