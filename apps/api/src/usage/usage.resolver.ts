import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { UsageResult } from './usage-result.type';
import { UsageInput } from './usage.inputs';

@Resolver(() => UsageResult)
export class UsageResolver {
  @Authorized(...ROLES.ingest)
  @Mutation(() => UsageResult, { description: 'Records one event. A refused event is an error: CONFLICT, BAD_USER_INPUT or NOT_FOUND.' })
  recordUsage(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { validate: false, description: 'The event; validated by the service, with per-event reasons.' }) input: UsageInput): Promise<UsageResult> {
    return app.usage.recordUsage(principal, input) as Promise<UsageResult>;
  }

  @Authorized(...ROLES.ingest)
  @Mutation(() => [UsageResult], { description: 'Records up to 5,000 events in one transaction; each one stands alone (CREATED, DUPLICATE or REJECTED).' })
  recordUsageBatch(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('inputs', () => [UsageInput], { validate: false, description: '1 to 5,000 events, each validated on its own by the service.' }) inputs: UsageInput[],
  ): Promise<UsageResult[]> {
    return app.usage.recordUsageBatch(principal, inputs) as Promise<UsageResult[]>;
  }
}
