import type Decimal from 'decimal.js';
import {
  badInput,
  capsInCounterUnits,
  creditsForCost,
  DomainError,
  fromNanoUnits,
  MAX_CALL_AMOUNT,
  priceUsage,
  toCounterUnits,
  usageQuantitiesFrom,
  withinCallBounds,
  ZERO,
  type ModelKind,
  type UsageCategory,
  type UsageMeasure,
} from '@tollgate/core';
import { uuidv7, type CounterCheck, type EnforcementRepository, type LimitCounters, type NewReservation, type OrganizationsRepository } from '@tollgate/db';
import type { AlertService } from '../alerts/alert.service';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { NaturalBatcher } from '../batching/natural-batcher';
import type { BudgetService } from '../budgets/budget.service';
import { isSuspended } from '../budgets/budget-windows';
import { TtlCache } from '../cache/ttl-cache';
import type { Logger } from '../logging/logger';
import type { PriceResolver } from '../pricing/price-resolver';
import { noPriceInForce } from '../pricing/pricing.service';
import type { FxRates } from '../pricing/fx-rates';
import type { CreditSettings } from '../usage/credit-settings';
import { usageCategoryOf } from '../usage/price-usage-event';
import type { ApplicableLimits, AppliedLimit, OrgLimits } from './applicable-limits';
import type { AuthorizationResult, AuthorizeUsageInput } from './authorize-usage.input';
import type { CounterRebuilder } from './counter-rebuilder';
import { validateAuthorizeInput } from './validate-authorize-input';

const DEFAULT_TTL_SECONDS = 120;
const MAX_REBUILD_ROUNDS = 3;
const MAX_STALE_RETRIES = 3;
const MEASURE_LABEL = { cost: 'cost', credits: 'credit', tokens: 'token', requests: 'request' } as const;

type Base = Omit<AuthorizationResult, 'allowed' | 'code' | 'message'>;
const NO_ESTIMATE: Base = { estimatedCost: ZERO, currency: 'XXX', estimatedCredits: ZERO, reservationId: null, expiresAt: null, remaining: [], warnings: [], retryAfterSeconds: null };

/**
 * An allowed call's answer. What each limit has left is worked out only if
 * asked for (GraphQL reads `remaining` and `warnings` only when selected):
 * the hot path usually wants `allowed` and the reservation id alone.
 */
function allowedResult(base: Base, applied: AppliedLimit[], left: Array<Record<'cost' | 'credits' | 'tokens' | 'requests', string | null>>): AuthorizationResult {
  let remaining: AuthorizationResult['remaining'] | null = null;
  const remainingOf = () =>
    (remaining ??= applied.map(({ limit }, i) => ({
      budgetId: limit.id,
      name: limit.name,
      cost: left[i]!.cost === null ? null : fromNanoUnits(left[i]!.cost!),
      credits: left[i]!.credits === null ? null : fromNanoUnits(left[i]!.credits!),
      tokens: left[i]!.tokens === null ? null : Number(left[i]!.tokens),
      requests: left[i]!.requests === null ? null : Number(left[i]!.requests),
    })));
  return {
    ...base,
    allowed: true,
    code: null,
    message: 'Allowed',
    get remaining() {
      return remainingOf();
    },
    get warnings() {
      return remainingOf()
        .filter((r) => [r.cost?.isNegative(), r.credits?.isNegative(), (r.tokens ?? 0) < 0, (r.requests ?? 0) < 0].some(Boolean))
        .map((r) => `Budget "${r.name}" is over its limit (it warns, it does not block)`);
    },
  };
}

/**
 * Pre-flight authorization. The reservation is written to PostgreSQL first
 * (durable before it counts), then one Redis script checks every limit and
 * reserves the estimate in all of them or in none. So a counter rebuilt at
 * any moment holds every reservation it has allowed, and a BLOCK limit is
 * never overspent whatever the interleaving. Unsure (Redis or PostgreSQL
 * unreachable) means deny.
 */
export class AuthorizationService {
  /** Each org's reservations are written together; no other org's input shares the statement. */
  private readonly writes = new NaturalBatcher<{ orgId: string; reservation: NewReservation }, boolean>(async (items) => {
    const written = await this.repository.insertReservations(items[0]!.orgId, items.map((i) => i.reservation));
    return items.map((i) => written.has(i.reservation.id));
  });
  private readonly releases = new NaturalBatcher<{ orgId: string; id: string }, void>(async (items) => {
    await this.repository.releaseReservations(items[0]!.orgId, items.map((i) => i.id));
    return items.map(() => undefined);
  });
  private readonly knownProjects = new TtlCache<string, boolean>(60_000);
  private readonly checks = new WeakMap<AppliedLimit, Map<string, CounterCheck>>();

  constructor(
    private readonly budgets: BudgetService,
    private readonly limits: ApplicableLimits,
    private readonly rebuilder: CounterRebuilder,
    private readonly counters: LimitCounters,
    private readonly repository: EnforcementRepository,
    private readonly orgs: OrganizationsRepository,
    private readonly resolver: PriceResolver,
    private readonly creditSettings: CreditSettings,
    private readonly fxRates: FxRates,
    private readonly alerts: AlertService,
    private readonly logger: Logger,
    /** False while Redis's counters may be stale (just reconnected, not yet checked): decisions wait. */
    private readonly countersTrusted: () => boolean = () => true,
  ) {}

  async authorizeUsage(principal: Principal, input: AuthorizeUsageInput): Promise<AuthorizationResult> {
    requireRole(principal, ROLES.ingest, 'authorize usage');
    const orgId = orgIdOf(principal);
    validateAuthorizeInput(input);
    try {
      return await this.authorizeValid(orgId, input);
    } catch (error) {
      // PostgreSQL or Redis failing before a decision: no estimate to report ('XXX' is ISO 4217's "no currency").
      return this.unavailable({ ...NO_ESTIMATE }, orgId, error, null);
    }
  }

  private async authorizeValid(orgId: string, input: AuthorizeUsageInput): Promise<AuthorizationResult> {
    if (input.projectId) await this.assertProject(orgId, input.projectId);
    const now = new Date();
    const { cost, currency, credits, category } = await this.estimate(orgId, input, now);
    const estimate: UsageMeasure = { cost, credits, tokens: (input.estimatedInputTokens ?? 0) + (input.estimatedOutputTokens ?? 0), requests: 1 };
    if (!withinCallBounds(estimate)) {
      throw badInput(`an estimate may be at most ${MAX_CALL_AMOUNT.money.toFixed()} in cost or credits and ${MAX_CALL_AMOUNT.tokens} tokens`, 'ESTIMATE_TOO_LARGE');
    }
    // Matched as the usage will be recorded: a category-scoped budget sees the category the model implies.
    const usage = { ...input, category, tags: Object.fromEntries((input.tags ?? []).map((t) => [t.key, t.value])) };
    const base: Base = { estimatedCost: cost, currency, estimatedCredits: credits, reservationId: null, expiresAt: null, remaining: [], warnings: [], retryAfterSeconds: null };
    if (!this.countersTrusted()) return this.unavailable(base, orgId, new Error('Redis reconnected; its counters are being checked'), null);
    const reservationId = uuidv7();
    const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000);
    // Decided on this process's copy of the org's limits; PostgreSQL confirms it is current, else it is reloaded.
    for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
      let known: OrgLimits;
      let applied: AppliedLimit[];
      try {
        known = await this.limits.load(orgId);
        applied = await this.limits.covering(orgId, usage, now, known);
      } catch (error) {
        return this.unavailable(base, orgId, error, null);
      }
      const rated = this.limits.rated(known, usage);
      if (applied.length === 0) {
        const current = await this.repository.limitVersion(orgId).catch((error: unknown) => error);
        if (typeof current !== 'string') return this.unavailable(base, orgId, current, null);
        if (current !== known.version) {
          this.limits.forget(orgId);
          continue;
        }
        if (rated.length === 0) return { ...base, allowed: true, code: null, message: 'No budget or quota applies' };
      }

      const zone = await this.budgets.timezone(orgId);
      const suspended = applied.find(({ budget }) => budget && isSuspended(budget, zone, now));
      if (suspended) return this.deny(base, suspended, `Budget "${suspended.limit.name}" is suspended until it is reset or its period ends`);

      if (applied.length) {
        const reservation = { id: reservationId, limitIds: applied.map((a) => a.limit.id), limitsVersion: known.version, estimate, ttlMs: expiresAt.getTime() - now.getTime() };
        let written: boolean;
        try {
          written = await this.writes.submit(orgId, { orgId, reservation });
        } catch (error) {
          return this.unavailable(base, orgId, error, null);
        }
        if (!written) {
          this.limits.forget(orgId);
          continue;
        }
      }
      try {
        return await this.decide(orgId, base, applied, rated, estimate, currency, reservationId, expiresAt);
      } catch (error) {
        return this.unavailable(base, orgId, error, applied.length ? reservationId : null);
      }
    }
    return this.unavailable(base, orgId, new Error('the organization\'s limits kept changing while deciding'), null);
  }

  private async decide(
    orgId: string,
    base: Base,
    applied: AppliedLimit[],
    rated: ReturnType<ApplicableLimits['rated']>,
    estimate: UsageMeasure,
    currency: string,
    reservationId: string,
    expiresAt: Date,
  ): Promise<AuthorizationResult> {
    const checks = applied.map((a) => this.checkOf(a, currency));
    for (let round = 0; round < MAX_REBUILD_ROUNDS; round++) {
      const outcome = await this.counters.authorize(orgId, reservationId, expiresAt, toCounterUnits(estimate), checks, rated);
      if (outcome.kind === 'MISSING') {
        await Promise.all(outcome.indexes.map((i) => this.rebuilder.rebuild(applied[i]!)));
        continue;
      }
      if (outcome.kind === 'DENY' || outcome.kind === 'RATE') this.release(orgId, applied.length ? reservationId : null);
      if (outcome.kind === 'DENY') {
        const denied = applied[outcome.index]!;
        if (denied.limit.kind === 'QUOTA') return this.deny(base, denied, `The ${denied.limit.name} has no ${MEASURE_LABEL[outcome.measure]}s left this period`, 'QUOTA_EXCEEDED');
        return this.deny(base, denied, `Budget "${denied.limit.name}" would exceed its ${MEASURE_LABEL[outcome.measure]} limit`);
      }
      if (outcome.kind === 'RATE') {
        const message = outcome.rate
          ? `${rated[outcome.index]!.tier} quota allows ${rated[outcome.index]!.requestsPerMinute ?? 'unlimited'} requests and ${rated[outcome.index]!.tokensPerMinute ?? 'unlimited'} tokens a minute`
          : `Budget "${applied[outcome.index]!.limit.name}" is throttled to ${applied[outcome.index]!.limit.throttlePerMinute} requests a minute`;
        return { ...base, allowed: false, code: 'RATE_LIMITED', message, retryAfterSeconds: outcome.retryAfterSeconds };
      }
      if (applied.length === 0) return { ...base, allowed: true, code: null, message: 'Allowed' };
      return allowedResult({ ...base, reservationId, expiresAt }, applied, outcome.remaining);
    }
    throw new Error('budget counters were lost again while being rebuilt');
  }

  /** The Redis check of a limit for usage priced in `currency`, worked out once per limit and currency. */
  private checkOf(applied: AppliedLimit, currency: string): CounterCheck {
    const byCurrency = this.checks.get(applied) ?? new Map<string, CounterCheck>();
    let check = byCurrency.get(currency);
    if (!check) {
      const { limit, key } = applied;
      check = { key, mode: limit.mode, caps: capsInCounterUnits(limit, currency), warningPercent: limit.warningPercent, throttlePerMinute: limit.throttlePerMinute };
      byCurrency.set(currency, check);
      this.checks.set(applied, byCurrency);
    }
    return check;
  }

  /** Denied because enforcement could not be sure: the call must not go ahead, and may retry shortly. */
  private unavailable(base: Base, orgId: string, error: unknown, reservationId: string | null): AuthorizationResult {
    if (error instanceof DomainError) throw error;
    this.logger.warn({ err: error, orgId }, 'authorization denied: budget counters unavailable');
    this.release(orgId, reservationId);
    return { ...base, allowed: false, code: 'ENFORCEMENT_UNAVAILABLE', message: 'Budgets could not be checked just now; the call is denied rather than allowed unchecked', retryAfterSeconds: 1 };
  }

  /** Closes a refused call's reservation in PostgreSQL, in the background: if that is lost, it lapses at its expiry. */
  private release(orgId: string, reservationId: string | null): void {
    if (!reservationId) return;
    this.releases.submit(orgId, { orgId, id: reservationId }).catch((error: unknown) => this.logger.warn({ err: error, orgId }, 'could not release a refused reservation; it lapses at its expiry'));
  }

  /** A refusal: the answer names what refused, and one POLICY_VIOLATION per cooldown records it. */
  private async deny(base: Base, denied: AppliedLimit, message: string, code: 'BUDGET_EXCEEDED' | 'QUOTA_EXCEEDED' = 'BUDGET_EXCEEDED'): Promise<AuthorizationResult> {
    await this.alerts
      .raisePolicyViolation(denied.limit, message, { name: denied.limit.name, kind: denied.limit.kind })
      .catch((error: unknown) => this.logger.warn({ err: error, orgId: denied.limit.orgId }, 'could not record a policy violation'));
    return { ...base, allowed: false, code, message };
  }

  private async assertProject(orgId: string, projectId: string): Promise<void> {
    const known = await this.knownProjects.getOrLoad(`${orgId}|${projectId}`, async () => (await this.orgs.findProjectIds(orgId, [projectId])).has(projectId));
    if (!known) {
      this.knownProjects.delete(`${orgId}|${projectId}`);
      throw new DomainError('NOT_FOUND', `Project ${projectId} not found`, { reason: 'UNKNOWN_PROJECT' });
    }
  }

  private async estimate(orgId: string, input: AuthorizeUsageInput, at: Date): Promise<{ cost: Decimal; currency: string; credits: Decimal; category: UsageCategory }> {
    const settings = await this.creditSettings.load(orgId);
    const value = settings.valueAt(at);
    let cost = input.estimatedCost ?? ZERO;
    let currency = input.currency ?? value.currency;
    let kind: ModelKind | null = null;
    if (input.provider && input.model) {
      const resolved = await this.resolver.resolve(orgId, input.provider, input.model, at);
      if (!resolved) throw noPriceInForce(input.provider, input.model, at);
      kind = resolved.price.kind;
      if (!input.estimatedCost) {
        const breakdown = priceUsage(resolved.price, usageQuantitiesFrom({ inputTokens: input.estimatedInputTokens, outputTokens: input.estimatedOutputTokens }));
        cost = breakdown.total;
        currency = breakdown.currency;
      }
    }
    // Credits of an estimate in another currency go through the FX rate in force, as recorded usage does.
    const rate = input.credits || currency === value.currency ? null : (await this.fxRates.lookup())(currency, value.currency, at);
    if (!input.credits && currency !== value.currency && !rate) {
      throw badInput(`No FX rate from ${currency} to ${value.currency} (the credit's currency) in force: send credits with the estimate`, 'NO_FX_RATE', { field: 'currency' });
    }
    const credits = input.credits ?? creditsForCost(rate ? cost.times(rate) : cost, value);
    const creditRated = input.feature ? settings.rateFor(input.feature, at) !== null : false;
    return { cost, currency, credits, category: usageCategoryOf(input.category, kind, creditRated) };
  }
}
