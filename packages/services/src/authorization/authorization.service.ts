import type Decimal from 'decimal.js';
import { Dec, badInput, creditsForCost, priceUsage, usageQuantitiesFrom, ZERO, type UsageMeasure } from '@tollgate/core';
import { uuidv7, type BudgetsRepository } from '@tollgate/db';
import type { AlertService } from '../alerts/alert.service';
import { NaturalBatcher } from '../batching/natural-batcher';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { BudgetEnforcer, ApplicableBudget } from '../budgets/budget-enforcer';
import type { BudgetService } from '../budgets/budget.service';
import { isSuspended } from '../budgets/budget-windows';
import type { PriceResolver } from '../pricing/price-resolver';
import { noPriceInForce } from '../pricing/pricing.service';
import type { CreditSettings } from '../usage/credit-settings';
import type { AuthorizationResult, AuthorizeUsageInput } from './authorize-usage.input';

const DEFAULT_TTL_SECONDS = 120;
const MAX_REBUILD_ROUNDS = 3;
const MEASURE_LABEL = { cost: 'cost', credits: 'credit', tokens: 'token', requests: 'request' } as const;

/**
 * Pre-flight authorization: every budget that applies is checked and the
 * estimate reserved in one atomic Redis step, so a BLOCK budget is never
 * overspent at any concurrency. The reservation is also written to
 * PostgreSQL, so counters rebuilt after a Redis loss still hold it.
 */
export class AuthorizationService {
  /** Reservations of concurrent authorizations are written to PostgreSQL together. */
  private readonly reservations = new NaturalBatcher<Parameters<BudgetsRepository['insertReservations']>[0][number], void>(async (rows) => {
    await this.repository.insertReservations(rows);
    return rows.map(() => undefined);
  });

  constructor(
    private readonly budgets: BudgetService,
    private readonly enforcer: BudgetEnforcer,
    private readonly repository: BudgetsRepository,
    private readonly resolver: PriceResolver,
    private readonly creditSettings: CreditSettings,
    private readonly alerts: AlertService,
  ) {}

  async authorizeUsage(principal: Principal, input: AuthorizeUsageInput): Promise<AuthorizationResult> {
    requireRole(principal, ROLES.ingest, 'authorize usage');
    const orgId = orgIdOf(principal);
    const now = new Date();
    const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600) throw badInput('ttlSeconds must be 1 to 3600', 'INVALID_TTL', { field: 'ttlSeconds' });
    const { cost, currency, credits } = await this.estimate(orgId, input, now);
    const estimate: UsageMeasure = { cost, credits, tokens: (input.estimatedInputTokens ?? 0) + (input.estimatedOutputTokens ?? 0), requests: 1 };
    const tags = Object.fromEntries((input.tags ?? []).map((t) => [t.key, t.value]));
    const usage = { ...input, tags };
    const base = { estimatedCost: cost, currency, estimatedCredits: credits, reservationId: null, expiresAt: null, remaining: [], warnings: [], retryAfterSeconds: null };
    const rated = (await this.enforcer.applicableQuotas(orgId, usage)).filter((q) => q.requestsPerMinute !== null || q.tokensPerMinute !== null);
    const applicable = await this.enforcer.applicable(orgId, usage, now);
    if (applicable.length === 0 && rated.length === 0) return { ...base, allowed: true, code: null, message: 'No budget or quota applies' };

    const zone = await this.budgets.timezone(orgId);
    const suspended = applicable.find(({ budget }) => isSuspended(budget, zone, now));
    if (suspended) return this.deny(base, suspended, `Budget "${suspended.budget.name}" is suspended until it is reset or its period ends`);

    const reservationId = uuidv7();
    const expiresAt = new Date(now.getTime() + ttl * 1000);
    const checks = applicable.map((a) => this.enforcer.check(a, currency));
    for (let round = 0; round < MAX_REBUILD_ROUNDS; round++) {
      const outcome = await this.enforcer.counters.authorize(orgId, reservationId, expiresAt, this.enforcer.toCounterAmounts(estimate), checks, rated);
      if (outcome.kind === 'MISSING') {
        await Promise.all(outcome.indexes.map((i) => this.enforcer.rebuild(orgId, applicable[i]!, now)));
        continue;
      }
      if (outcome.kind === 'DENY') {
        const denied = applicable[outcome.index]!;
        if (denied.kind === 'QUOTA') return this.deny(base, denied, `The ${denied.budget.name} has no ${MEASURE_LABEL[outcome.measure]}s left this period`, 'QUOTA_EXCEEDED');
        return this.deny(base, denied, `Budget "${denied.budget.name}" would exceed its ${MEASURE_LABEL[outcome.measure]} limit`);
      }
      if (outcome.kind === 'RATE') {
        const message = outcome.rate
          ? `${rated[outcome.index]!.tier} quota allows ${rated[outcome.index]!.requestsPerMinute ?? 'unlimited'} requests and ${rated[outcome.index]!.tokensPerMinute ?? 'unlimited'} tokens a minute`
          : `Budget "${applicable[outcome.index]!.budget.name}" is throttled to ${applicable[outcome.index]!.budget.throttlePerMinute} requests a minute`;
        return { ...base, allowed: false, code: 'RATE_LIMITED', message, retryAfterSeconds: outcome.retryAfterSeconds };
      }
      if (applicable.length === 0) return { ...base, allowed: true, code: null, message: 'Allowed' };
      try {
        await this.reservations.submit('reservations', { orgId, id: reservationId, budgetIds: applicable.map((a) => a.budget.id), estimate, expiresAt });
      } catch (error) {
        await this.enforcer.counters.settle(orgId, [reservationId], []);
        throw error;
      }
      const remaining = applicable.map(({ budget }, i) => ({
        budgetId: budget.id,
        name: budget.name,
        cost: outcome.remaining[i]!.cost === null ? null : this.enforcer.fromNano(outcome.remaining[i]!.cost!),
        credits: outcome.remaining[i]!.credits === null ? null : this.enforcer.fromNano(outcome.remaining[i]!.credits!),
        tokens: outcome.remaining[i]!.tokens === null ? null : Number(outcome.remaining[i]!.tokens),
        requests: outcome.remaining[i]!.requests === null ? null : Number(outcome.remaining[i]!.requests),
      }));
      const warnings = remaining
        .filter((r) => [r.cost?.isNegative(), r.credits?.isNegative(), (r.tokens ?? 0) < 0, (r.requests ?? 0) < 0].some(Boolean))
        .map((r) => `Budget "${r.name}" is over its limit (it warns, it does not block)`);
      return { ...base, allowed: true, code: null, message: 'Allowed', reservationId, expiresAt, remaining, warnings };
    }
    throw new Error('Budget counters could not be rebuilt');
  }

  /** A refusal: the answer names what refused, and one POLICY_VIOLATION per cooldown records it. */
  private async deny(
    base: Omit<AuthorizationResult, 'allowed' | 'code' | 'message'>,
    denied: ApplicableBudget,
    message: string,
    code: 'BUDGET_EXCEEDED' | 'QUOTA_EXCEEDED' = 'BUDGET_EXCEEDED',
  ): Promise<AuthorizationResult> {
    await this.alerts.raisePolicyViolation(denied.budget, message, { name: denied.budget.name, kind: denied.kind });
    return { ...base, allowed: false, code, message };
  }

  private async estimate(orgId: string, input: AuthorizeUsageInput, at: Date): Promise<{ cost: Decimal; currency: string; credits: Decimal }> {
    const value = (await this.creditSettings.load(orgId)).valueAt(at);
    let cost = input.estimatedCost ?? ZERO;
    let currency = value.currency;
    if (!input.estimatedCost && input.provider && input.model) {
      const resolved = await this.resolver.resolve(orgId, input.provider, input.model, at);
      if (!resolved) throw noPriceInForce(input.provider, input.model, at);
      const breakdown = priceUsage(resolved.price, usageQuantitiesFrom({ inputTokens: input.estimatedInputTokens, outputTokens: input.estimatedOutputTokens }));
      cost = breakdown.total;
      currency = breakdown.currency;
    }
    if (cost.isNegative() || (input.credits?.isNegative() ?? false)) throw badInput('estimates must not be negative', 'INVALID_ESTIMATE');
    const credits = input.credits ?? (currency === value.currency ? creditsForCost(cost, value) : new Dec(0));
    return { cost, currency, credits };
  }
}
