import { ROLES, type Principal } from '@tollgate/services';
import { DomainError } from '@tollgate/core';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Alert, AlertFilterInput } from './alert.types';

const orgOf = (principal: Principal) => {
  if (principal.kind !== 'API_KEY') throw new DomainError('BAD_USER_INPUT', 'Subscribe with an organization key');
  return principal.orgId;
};

@Resolver(() => Alert)
export class AlertsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => [Alert], { description: 'Alerts, newest first.' })
  alerts(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('filter', () => AlertFilterInput, { nullable: true, description: 'Which alerts.' }) filter?: AlertFilterInput | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most this many, up to 500.' }) limit?: number,
  ) {
    return app.alerts.listAlerts(principal, filter ?? {}, limit);
  }

  @Authorized(...ROLES.writers)
  @Mutation(() => Alert, { description: 'Marks an alert seen.' })
  acknowledgeAlert(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The alert.' }) id: string) {
    return app.alerts.acknowledgeAlert(principal, id);
  }

  @Authorized(...ROLES.writers)
  @Mutation(() => Alert, { description: 'Marks an alert dealt with.' })
  resolveAlert(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The alert.' }) id: string) {
    return app.alerts.resolveAlert(principal, id);
  }

  @Authorized(...ROLES.readers)
  @Subscription(() => Alert, {
    description: 'Alerts of the organization (or one budget) as they are raised, from any API process or the worker.',
    subscribe: ({ args, context }) => {
      const { alertStream, principal } = context as GraphQLContext;
      if (!alertStream) throw new Error('Subscriptions need the WebSocket transport');
      return alertStream.subscribe(orgOf(principal), (args as { budgetId?: string | null }).budgetId);
    },
  })
  budgetAlerts(@Root() alert: Alert, @Arg('budgetId', () => ID, { nullable: true, description: 'Only this budget.' }) _budgetId?: string | null): Alert {
    return alert;
  }
}
