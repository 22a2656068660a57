import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ORGANIZATION_ARG } from '../orgs/organization-arg';
import { AllocationRule, AllocationRuleInput, ChargebackStatement, CostCenter, SharedShareInput } from './chargeback.types';

const PERIOD = { description: 'The month, YYYY-MM in the organization’s zone.' } as const;

@Resolver()
export class ChargebacksResolver {
  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => CostCenter, { description: 'Adds a cost center.' })
  createCostCenter(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('code', { description: 'Short code, unique in the organization.' }) code: string,
    @Arg('name', { description: 'Name.' }) name: string,
    @Arg('account', () => String, { nullable: true, description: 'Ledger account for the journal export; the code by default.' }) account?: string | null,
    @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null,
  ) {
    return app.chargebacks.createCostCenter(principal, { organizationId, code, name, account });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [CostCenter], { description: 'Cost centers of the organization.' })
  costCenters(@Ctx() { app, principal }: GraphQLContext, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.listCostCenters(principal, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => AllocationRule, { description: 'Sends the spend of a project, a user or a tag value to a cost center (setting the same match again moves it).' })
  setAllocationRule(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The rule.' }) input: AllocationRuleInput) {
    return app.chargebacks.setAllocationRule(principal, input);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => Boolean, { description: 'Removes an allocation rule.' })
  deleteAllocationRule(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The rule.' }) id: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.deleteAllocationRule(principal, id, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => [AllocationRule], { description: 'Allocation rules, in the order they are tried.' })
  allocationRules(@Ctx() { app, principal }: GraphQLContext, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.listAllocationRules(principal, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => [CostCenter], { description: 'Fixed shares of spend no rule claims (summing to 100); an empty list shares it in proportion to direct spend.' })
  setSharedCostSplit(@Ctx() { app, principal }: GraphQLContext, @Arg('shares', () => [SharedShareInput], { description: 'The shares.' }) shares: SharedShareInput[], @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.setSharedCostSplit(principal, { organizationId, shares });
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => ChargebackStatement, { description: 'A month’s spend per cost center: as written by the monthly job, or computed from current usage before.' })
  chargebackStatement(@Ctx() { app, principal }: GraphQLContext, @Arg('period', PERIOD) period: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.statement(principal, period, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => String, { description: 'A month’s chargeback as a CSV journal for accounting: date, account, cost_center, debit, credit, currency.' })
  chargebackJournal(@Ctx() { app, principal }: GraphQLContext, @Arg('period', PERIOD) period: string, @Arg('organizationId', () => ID, ORGANIZATION_ARG) organizationId?: string | null) {
    return app.chargebacks.journal(principal, period, organizationId);
  }
}
