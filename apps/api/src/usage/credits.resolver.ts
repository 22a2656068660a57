import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CreditRate, CreditValue, SetCreditRateInput, SetCreditValueInput } from './credit-rate.types';

@Resolver(() => CreditRate)
export class CreditsResolver {
  @Authorized(...ROLES.preflight)
  @Query(() => [CreditRate], { description: 'Credit rates in use: the organization’s own versions, then configured defaults.' })
  creditRates(@Ctx() { app, principal }: GraphQLContext): Promise<CreditRate[]> {
    return app.credits.creditRates(principal);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => CreditRate, { description: 'Adds a credit rate version for an action or workflow.' })
  async setCreditRate(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: SetCreditRateInput): Promise<CreditRate> {
    return { ...(await app.credits.setCreditRate(principal, input)), isDefault: false };
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => CreditValue, { description: 'Sets the money value of a credit from an instant on.' })
  setCreditValue(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: SetCreditValueInput): Promise<CreditValue> {
    return app.credits.setCreditValue(principal, input);
  }
}
