import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Authorization } from './authorization.types';
import { AuthorizeUsageInput } from './authorize-usage.input';
import { CounterDrift } from './counter-drift.type';

@Resolver()
export class EnforcementResolver {
  @Authorized(...ROLES.ingest)
  @Mutation(() => Authorization, { description: 'Before a call: checks every budget and quota that applies and reserves the estimate atomically.' })
  authorizeUsage(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { validate: false, description: 'The call to authorize.' }) input: AuthorizeUsageInput) {
    return app.authorization.authorizeUsage(principal, input);
  }

  @Authorized(...ROLES.admins)
  @Query(() => [CounterDrift], { description: 'Drift the worker’s reconciliation found between live budget counters and PostgreSQL (and corrected), newest first.' })
  counterDrift(@Ctx() { app, principal }: GraphQLContext, @Arg('first', () => Int, { defaultValue: 50, description: 'How many, 1 to 500.' }) first: number) {
    return app.enforcement.reconciler.listDrift(principal, first);
  }
}
