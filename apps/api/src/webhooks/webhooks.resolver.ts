import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CreateWebhookEndpointInput, WebhookDelivery, WebhookEndpoint } from './webhook.types';

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  @Authorized(...ROLES.admins)
  @Mutation(() => WebhookEndpoint, { description: 'Registers an endpoint for alert events; the worker delivers them signed, with retries.' })
  createWebhookEndpoint(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The endpoint.' }) input: CreateWebhookEndpointInput) {
    return app.webhooks.createWebhookEndpoint(principal, input);
  }

  @Authorized(...ROLES.admins)
  @Query(() => [WebhookEndpoint], { description: 'Webhook endpoints of the organization.' })
  webhookEndpoints(@Ctx() { app, principal }: GraphQLContext) {
    return app.webhooks.listEndpoints(principal);
  }

  @Authorized(...ROLES.admins)
  @Query(() => [WebhookDelivery], { description: 'The delivery log, newest first.' })
  webhookDeliveries(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('endpointId', () => ID, { nullable: true, description: 'Only this endpoint.' }) endpointId?: string | null,
    @Arg('status', () => String, { nullable: true, description: 'Only this status.' }) status?: 'PENDING' | 'DELIVERED' | 'RETRYING' | 'DEAD' | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most this many, up to 500.' }) limit?: number,
  ) {
    return app.webhooks.listDeliveries(principal, { endpointId, status }, limit);
  }
}
