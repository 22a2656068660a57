import type Decimal from 'decimal.js';
import { Dec, DomainError, badInput, periodWindow } from '@tollgate/core';
import { uuidv7, type BudgetsRepository, type QuotaAssignmentRow, type QuotaPeriod, type QuotaSubjectType, type QuotaTier, type QuotasRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { TtlCache } from '../cache/ttl-cache';
import type { AppConfig } from '../config/config.schema';

export interface QuotaSubject {
  subjectType: QuotaSubjectType;
  userId?: string | null;
}

export interface SetQuotaPlanInput extends QuotaSubject {
  tier: QuotaTier;
  period?: QuotaPeriod | null;
  credits?: Decimal | null;
  unlimited?: boolean | null;
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
}

export interface QuotaView {
  assignment: QuotaAssignmentRow;
  /** Credits bought for this quota during the current period, on top of the allowance. */
  toppedUp: Decimal;
  used: Decimal;
  remaining: Decimal | null;
  periodStart: Date;
  resetsAt: Date | null;
}

const subjectIdOf = (subject: QuotaSubject) => {
  if (subject.subjectType === 'USER') {
    if (!subject.userId?.trim()) throw badInput('a USER quota needs userId', 'INVALID_SUBJECT', { field: 'userId' });
    return subject.userId.trim();
  }
  return '';
};

/**
 * Quota plans: FREE, STANDARD and ENTERPRISE from the configuration (or
 * CUSTOM), for the org or one user; credits per period plus requests and
 * tokens per minute. Period counters start fresh at each boundary in the
 * org's zone, which is when a quota resets.
 */
export class QuotaService {
  private readonly live = new TtlCache<string, QuotaAssignmentRow[]>(5_000);
  private readonly topUps = new TtlCache<string, Awaited<ReturnType<QuotasRepository['topUpsSince']>>>(5_000);
  private readonly listeners: Array<(orgId: string) => void> = [];

  constructor(
    private readonly quotas: QuotasRepository,
    private readonly budgets: BudgetsRepository,
    private readonly zones: (orgId: string) => Promise<string>,
    private readonly tiers: AppConfig['quotas']['tiers'],
  ) {}

  async setQuotaPlan(principal: Principal, input: SetQuotaPlanInput): Promise<QuotaView> {
    requireRole(principal, ROLES.admins, 'set quota plans');
    const orgId = orgIdOf(principal);
    const tier = input.tier === 'CUSTOM' ? null : this.tiers[input.tier];
    if (input.tier !== 'CUSTOM' && !tier) throw badInput(`tier ${input.tier} is not configured`, 'INVALID_TIER', { field: 'tier' });
    const credits = input.unlimited ? null : (input.credits ?? (tier?.credits != null ? new Dec(tier.credits) : null));
    if (input.tier === 'CUSTOM' && !input.unlimited && !input.credits) throw badInput('a CUSTOM quota needs credits or unlimited', 'INVALID_QUOTA', { field: 'credits' });
    if (credits?.isNegative()) throw badInput('credits must not be negative', 'INVALID_QUOTA', { field: 'credits' });
    const assignment = await this.quotas.assign(
      {
        orgId,
        id: uuidv7(),
        subjectType: input.subjectType,
        subjectId: subjectIdOf(input),
        tier: input.tier,
        period: input.period ?? tier?.period ?? 'DAILY',
        creditAllowance: credits,
        requestsPerMinute: input.requestsPerMinute ?? tier?.requestsPerMinute ?? null,
        tokensPerMinute: input.tokensPerMinute ?? tier?.tokensPerMinute ?? null,
      },
      principal.actor,
    );
    this.forget(orgId);
    return this.view(assignment, new Date());
  }

  async quota(principal: Principal, subject: QuotaSubject): Promise<QuotaView | null> {
    requireRole(principal, ROLES.preflight, 'read quotas');
    const orgId = orgIdOf(principal);
    const subjectId = subjectIdOf(subject);
    const assignment = (await this.liveQuotas(orgId)).find((q) => q.subjectType === subject.subjectType && q.subjectId === subjectId);
    return assignment ? this.view(assignment, new Date()) : null;
  }

  allLimitedQuotas(): Promise<QuotaAssignmentRow[]> {
    return this.quotas.listAllLimited();
  }

  liveQuotas(orgId: string): Promise<QuotaAssignmentRow[]> {
    return this.live.getOrLoad(orgId, () => this.quotas.listForOrg(orgId));
  }

  /** Credits bought for a quota's subject since the start of its current period. */
  async toppedUp(quota: QuotaAssignmentRow, periodStart: Date): Promise<Decimal> {
    const recent = await this.topUps.getOrLoad(quota.orgId, () => this.quotas.topUpsSince(quota.orgId, new Date(Date.now() - 367 * 86_400_000)));
    return recent
      .filter((t) => t.subjectType === quota.subjectType && t.subjectId === quota.subjectId && t.createdAt >= periodStart)
      .reduce((sum, t) => sum.plus(t.credits), new Dec(0));
  }

  /** The subject's plan, or NOT_FOUND (a top-up needs a quota to replenish). */
  async findAssignmentOrThrow(orgId: string, subject: QuotaSubject): Promise<QuotaAssignmentRow> {
    const subjectId = subjectIdOf(subject);
    const found = (await this.liveQuotas(orgId)).find((q) => q.subjectType === subject.subjectType && q.subjectId === subjectId);
    if (!found) throw new DomainError('NOT_FOUND', `No quota plan for ${subject.subjectType === 'ORG' ? 'the organization' : `user ${subjectId}`}`);
    return found;
  }

  /** Drops the org's cached plans and top-ups (after a change through this process). */
  forget(orgId: string): void {
    this.live.delete(orgId);
    this.topUps.delete(orgId);
    for (const listener of this.listeners) listener(orgId);
  }

  /** Called when this process changes an org's quotas. */
  onChange(listener: (orgId: string) => void): void {
    this.listeners.push(listener);
  }

  private async view(assignment: QuotaAssignmentRow, now: Date): Promise<QuotaView> {
    const window = periodWindow(assignment.period, now, await this.zones(assignment.orgId));
    if (!window) throw new DomainError('BAD_USER_INPUT', 'quota periods always have a window');
    const scope = { userId: assignment.subjectType === 'USER' ? assignment.subjectId : null };
    const [measured, toppedUp] = await Promise.all([this.budgets.measure(assignment.orgId, scope, 'USD', window.start, window.end), this.toppedUp(assignment, window.start)]);
    const used = measured.credits;
    return {
      assignment,
      toppedUp,
      used,
      remaining: assignment.creditAllowance === null ? null : assignment.creditAllowance.plus(toppedUp).minus(used),
      periodStart: window.start,
      resetsAt: window.end,
    };
  }
}
