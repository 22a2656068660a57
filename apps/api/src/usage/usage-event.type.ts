import type Decimal from 'decimal.js';
import { GraphQLJSON, SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Project } from '../orgs/project.type';
import { Connection } from '../pagination/connection.type';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { TokenCounts } from './token-counts.type';

@ObjectType({ description: 'A key/value label.' })
export class Tag {
  @Field({ description: 'Name.' })
  key: string;

  @Field({ description: 'Value.' })
  value: string;
}

@ObjectType({ description: 'One recorded usage event, priced.' })
export class UsageEvent extends TokenCounts {
  @Field(() => ID, { description: 'Event id.' })
  id: string;

  @Field({ description: 'The idempotency key it was recorded with.' })
  idempotencyKey: string;

  @Field({ description: 'When the usage happened.' })
  occurredAt: Date;

  @Field({ description: 'When Tollgate stored it.' })
  recordedAt: Date;

  @Field(() => String, { nullable: true, description: 'Provider.' })
  provider: string | null;

  @Field(() => String, { nullable: true, description: 'Model.' })
  model: string | null;

  projectId: string | null;

  @Field(() => Project, { nullable: true, description: 'Project, if any.' })
  project?: Project | null;

  @Field(() => String, { nullable: true, description: 'End user.' })
  userId: string | null;

  @Field(() => String, { nullable: true, description: 'Session.' })
  sessionId: string | null;

  @Field(() => String, { nullable: true, description: 'Feature (action or workflow).' })
  feature: string | null;

  @Field({ description: 'Category.' })
  category: string;

  tags: Record<string, string>;

  @Field(() => DecimalScalar, { description: 'Money cost, full precision.' })
  cost: Decimal;

  @Field({ description: 'Currency of the cost.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Credits consumed.' })
  credits: Decimal;

  @Field({ description: 'Where the cost came from: CATALOG, ORG_PRICE, FALLBACK, CREDIT_RATE or CALLER.' })
  costSource: string;

  @Field(() => Int, { nullable: true, description: 'Latency in ms.' })
  latencyMs: number | null;

  @Field({ description: 'False for a failed call.' })
  success: boolean;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Metadata sent with it.' })
  metadata: unknown;

  @Field({ description: 'Who recorded it.' })
  actor: string;

  @Field(() => ID, { description: 'The ledger transaction that posted it.' })
  ledgerTransactionId: string;

  @Field(() => Date, { nullable: true, description: 'When it was voided, if it was.' })
  voidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was voided.' })
  voidReason: string | null;
}

export const UsageEventConnection = Connection(UsageEvent, 'UsageEvent');

@ObjectType({ description: 'Counts for a dashboard.' })
export class Stats {
  @Field(() => SafeIntResolver, { description: 'Usage events stored and not void (a count).' })
  events: number;

  @Field(() => SafeIntResolver, { description: 'Voided events (a count).' })
  voidedEvents: number;

  @Field(() => Date, { nullable: true, description: 'Oldest stored event.' })
  firstEventAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Newest stored event.' })
  lastEventAt: Date | null;
}
