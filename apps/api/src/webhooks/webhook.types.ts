import { GraphQLJSON } from 'graphql-scalars';
import { Length } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An HTTP endpoint that receives signed alert events.' })
export class WebhookEndpoint {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Where events are POSTed.' })
  url: string;

  @Field(() => [String], { description: 'Alert types it receives.' })
  eventTypes: string[];

  @Field({ description: 'Whether it receives events.' })
  active: boolean;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

@ObjectType({ description: 'One event sent (or being sent) to one endpoint, with the outcome of its attempts.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Delivery id, also sent as the Tollgate-Delivery header.' })
  id: string;

  @Field(() => ID, { description: 'The endpoint.' })
  endpointId: string;

  @Field({ description: 'The event type, also sent as the Tollgate-Event header.' })
  eventType: string;

  @Field(() => ID, { description: 'The alert it carries.' })
  eventId: string;

  @Field(() => GraphQLJSON, { description: 'What was sent.' })
  payload: unknown;

  @Field({ description: 'PENDING, DELIVERED, RETRYING or DEAD (gave up after the last attempt).' })
  status: string;

  @Field(() => Int, { description: 'Attempts made.' })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt.' })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was delivered.' })
  deliveredAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'http(s) URL to POST to.' })
  @Length(1, 2000)
  url: string;

  @Field({ description: 'Shared secret, at least 16 characters: each request carries Tollgate-Signature: t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">.' })
  secret: string;

  @Field(() => [String], { description: 'Alert types to receive, e.g. THRESHOLD_WARNING, LIMIT_EXCEEDED.' })
  eventTypes: string[];
}
