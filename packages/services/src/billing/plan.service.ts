import type Decimal from 'decimal.js';
import { DomainError, ZERO, badInput, billingPeriod, isCurrencyCode, type BillingAnchor, type BillingInterval } from '@tollgate/core';
import { uuidv7, type PlanRow, type PlansRepository, type StoredCharge, type SubscriptionRow } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import { validateCharges } from './charge-definition';

export interface PlanInput {
  code: string;
  name: string;
  currency: string;
  billingInterval: BillingInterval;
  baseFee: Decimal;
  includedCredits?: Decimal | null;
  minimumCommitment?: Decimal | null;
  charges?: StoredCharge[] | null;
}

/**
 * Plans are the operator's price list (platform admin); subscriptions put an
 * org on one. Upgrades apply now (prorated on the invoice); downgrades wait
 * for the end of the current billing period.
 */
export class PlanService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly zones: (orgId: string) => Promise<string>,
    private readonly currencies: (orgId: string) => Promise<string | null>,
  ) {}

  async createPlan(principal: Principal, input: PlanInput): Promise<PlanRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'create plans');
    return this.save(uuidv7(), input);
  }

  async updatePlan(principal: Principal, id: string, input: Partial<PlanInput>): Promise<PlanRow> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'change plans');
    const current = await this.findPlanOrThrow(id);
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<PlanInput>;
    return this.save(id, { ...current, ...given, code: current.code });
  }

  listPlans(principal: Principal): Promise<PlanRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read plans');
    return this.plans.listPlans();
  }

  async createSubscription(principal: Principal, input: { organizationId?: string | null; planId: string; anchor: BillingAnchor; startedAt?: Date | null }): Promise<SubscriptionRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'subscribe');
    const orgId = orgIdOf(principal, input.organizationId);
    const [plan, currency] = await Promise.all([this.findPlanOrThrow(input.planId), this.currencies(orgId)]);
    if (!currency) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    // Invoices are in the org's currency; a plan's fees and tier prices are not converted.
    if (plan.currency !== currency) throw badInput(`The plan is priced in ${plan.currency} and the organization bills in ${currency}`, 'INCOMPATIBLE_PLAN', { field: 'planId' });
    return this.plans.insertSubscription({ orgId, id: uuidv7(), planId: input.planId, anchor: input.anchor, startedAt: input.startedAt ?? new Date() });
  }

  listSubscriptions(principal: Principal, organizationId?: string | null): Promise<SubscriptionRow[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.readers], 'read subscriptions');
    return this.plans.listSubscriptions(orgIdOf(principal, organizationId));
  }

  /** A higher base fee is an upgrade, effective now; anything else takes effect when the current period ends. */
  async changeSubscriptionPlan(principal: Principal, input: { organizationId?: string | null; subscriptionId: string; planId: string }): Promise<SubscriptionRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'change subscriptions');
    const orgId = orgIdOf(principal, input.organizationId);
    const subscription = await this.findSubscriptionOrThrow(orgId, input.subscriptionId);
    if (subscription.endsAt && subscription.endsAt <= new Date()) throw new DomainError('CONFLICT', 'The subscription has ended');
    const [from, to] = await Promise.all([this.findPlanOrThrow(subscription.planId), this.findPlanOrThrow(input.planId)]);
    if (from.id === to.id) throw badInput('The subscription is on that plan already', 'SAME_PLAN', { field: 'planId' });
    if (from.currency !== to.currency || from.billingInterval !== to.billingInterval) {
      throw badInput('Plans can change only within the same currency and billing interval', 'INCOMPATIBLE_PLAN', { field: 'planId' });
    }
    const now = new Date();
    const upgrade = to.baseFee.greaterThan(from.baseFee);
    const period = billingPeriod(subscription.anchor, from.billingInterval, subscription.startedAt, now, await this.zones(orgId));
    return this.plans.changePlan({
      orgId,
      id: uuidv7(),
      subscriptionId: subscription.id,
      fromPlanId: from.id,
      toPlanId: to.id,
      kind: upgrade ? 'UPGRADE' : 'DOWNGRADE',
      effectiveAt: upgrade ? now : period.end,
      createdBy: principal.actor,
    });
  }

  /** Ends the subscription at the end of its current billing period (or now). */
  async cancelSubscription(principal: Principal, input: { organizationId?: string | null; subscriptionId: string; atPeriodEnd?: boolean | null }): Promise<SubscriptionRow> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'cancel subscriptions');
    const orgId = orgIdOf(principal, input.organizationId);
    const subscription = await this.findSubscriptionOrThrow(orgId, input.subscriptionId);
    const plan = await this.findPlanOrThrow(subscription.planId);
    const now = new Date();
    const endsAt = input.atPeriodEnd === false ? now : billingPeriod(subscription.anchor, plan.billingInterval, subscription.startedAt, now, await this.zones(orgId)).end;
    const canceled = await this.plans.cancel(orgId, subscription.id, endsAt);
    if (!canceled) throw new DomainError('CONFLICT', 'The subscription already ends by then');
    return canceled;
  }

  private async save(id: string, input: PlanInput): Promise<PlanRow> {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(input.code)) throw badInput('code must be a lower-case identifier', 'INVALID_PLAN', { field: 'code' });
    if (!input.name.trim() || input.name.length > 200) throw badInput('name must be 1 to 200 characters', 'INVALID_PLAN', { field: 'name' });
    if (!isCurrencyCode(input.currency)) throw badInput(`currency "${input.currency}" is not supported`, 'INVALID_PLAN', { field: 'currency' });
    for (const [field, value] of [['baseFee', input.baseFee], ['includedCredits', input.includedCredits], ['minimumCommitment', input.minimumCommitment]] as const) {
      if (value?.isNegative()) throw badInput(`${field} must not be negative`, 'INVALID_PLAN', { field });
    }
    const charges = input.charges ?? [];
    validateCharges(charges);
    try {
      return await this.plans.upsertPlan({
        id,
        code: input.code,
        name: input.name.trim(),
        currency: input.currency,
        billingInterval: input.billingInterval,
        baseFee: input.baseFee,
        includedCredits: input.includedCredits ?? ZERO,
        minimumCommitment: input.minimumCommitment ?? ZERO,
        charges,
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DomainError('CONFLICT', `A plan with code "${input.code}" exists`);
      throw error;
    }
  }

  private async findPlanOrThrow(id: string): Promise<PlanRow> {
    const plan = await this.plans.findPlan(id);
    if (!plan) throw new DomainError('NOT_FOUND', `Plan ${id} not found`);
    return plan;
  }

  private async findSubscriptionOrThrow(orgId: string, id: string): Promise<SubscriptionRow> {
    const subscription = await this.plans.findSubscription(orgId, id);
    if (!subscription) throw new DomainError('NOT_FOUND', `Subscription ${id} not found`);
    return subscription;
  }
}
