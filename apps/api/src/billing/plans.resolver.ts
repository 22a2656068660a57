import { ROLES, type PlanInput as PlanFields } from '@tollgate/services';
import type { BillingAnchor } from '@tollgate/core';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ORGANIZATION_ARG } from '../orgs/organization-arg';
import { BillingAnchorEnum, BillingSubscription, Plan, PlanInput } from './plan.types';

@Resolver(() => Plan)
export class PlansResolver {
  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Plan, { description: 'Adds a plan to the price list (platform admin).' })
  createPlan(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The plan; code, name, currency, billingInterval and baseFee are required.' }) input: PlanInput) {
    return app.plans.createPlan(principal, input as PlanFields);
  }

  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Plan, { description: 'Changes a plan; later billing runs use the new terms.' })
  updatePlan(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The plan.' }) id: string, @Arg('input', { description: 'Fields to change.' }) input: PlanInput) {
    return app.plans.updatePlan(principal, id, input as Partial<PlanFields>);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [Plan], { description: 'The price list.' })
  plans(@Ctx() { app, principal }: GraphQLContext) {
    return app.plans.listPlans(principal);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => BillingSubscription, { description: 'Puts an organization on a plan.' })
  createSubscription(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('planId', () => ID, { description: 'The plan.' }) planId: string,
    @Arg('anchor', () => BillingAnchorEnum, { defaultValue: 'CALENDAR', description: 'How periods are counted.' }) anchor: BillingAnchor,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
    @Arg('startedAt', () => Date, { nullable: true, description: 'Start; now by default.' }) startedAt?: Date | null,
  ) {
    return app.plans.createSubscription(principal, { organizationId, planId, anchor, startedAt });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => BillingSubscription, { description: 'Moves a subscription to another plan: an upgrade (higher base fee) now, a downgrade at the end of the current period.' })
  changeSubscriptionPlan(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('subscriptionId', () => ID, { description: 'The subscription.' }) subscriptionId: string,
    @Arg('planId', () => ID, { description: 'The new plan.' }) planId: string,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.plans.changeSubscriptionPlan(principal, { organizationId, subscriptionId, planId });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => BillingSubscription, { description: 'Ends a subscription at the end of its current period (or now).' })
  cancelSubscription(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('subscriptionId', () => ID, { description: 'The subscription.' }) subscriptionId: string,
    @Arg('atPeriodEnd', { defaultValue: true, description: 'False ends it now.' }) atPeriodEnd: boolean,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.plans.cancelSubscription(principal, { organizationId, subscriptionId, atPeriodEnd });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [BillingSubscription], { description: 'Subscriptions of the organization.' })
  subscriptions(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.plans.listSubscriptions(principal, organizationId);
  }
}
