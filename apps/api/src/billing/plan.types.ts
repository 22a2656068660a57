import type Decimal from 'decimal.js';
import type { BillingAnchor, BillingInterval } from '@tollgate/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../schema/graphql-enum';
import { DecimalScalar } from '../scalars/decimal.scalar';

export const BillingIntervalEnum = graphqlEnum('BillingInterval', ['MONTHLY', 'QUARTERLY', 'YEARLY'] as const, 'How often a plan bills.');
export const BillingAnchorEnum = graphqlEnum(
  'BillingAnchor',
  ['CALENDAR', 'ANNIVERSARY'] as const,
  "CALENDAR: periods follow calendar months in the organization's zone; ANNIVERSARY: they start on the subscription's start date.",
);

@ObjectType({ description: 'What a meter measures over a billing period.' })
@InputType('MeterInput', { description: 'What a meter measures.' })
export class Meter {
  @Field({ description: 'COST_SUM, TOKENS_SUM, REQUESTS, UNIQUE_USERS, CREDITS_SUM or MAX_TOKENS.' })
  aggregation: string;

  @Field(() => String, { nullable: true, description: 'Only this provider.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this model.' })
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this category.' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this feature.' })
  feature?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Only events carrying all these tags, e.g. { "team": "search" }.' })
  tags?: Record<string, string> | null;
}

@ObjectType({ description: 'A priced meter of a plan.' })
@InputType('PlanChargeInput', { description: 'A priced meter.' })
export class PlanCharge {
  @Field({ description: 'Identifier, unique in the plan.' })
  code: string;

  @Field({ description: 'Name on the invoice.' })
  name: string;

  @Field(() => Meter, { description: 'What is counted.' })
  meter: Meter;

  @Field(() => GraphQLJSON, {
    description: 'The charge model: { type: STANDARD|GRADUATED|VOLUME|PACKAGE|PERCENTAGE|COST_PLUS, ...its parameters as decimal strings } (tiers: [{ upTo, unitPrice, flatFee }]).',
  })
  model: Record<string, unknown>;
}

@ObjectType({ description: 'A plan of the operator’s price list.' })
export class Plan {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Identifier, unique.' })
  code: string;

  @Field({ description: 'Name.' })
  name: string;

  @Field({ description: 'Currency of its prices.' })
  currency: string;

  @Field(() => BillingIntervalEnum, { description: 'How often it bills.' })
  billingInterval: BillingInterval;

  @Field(() => DecimalScalar, { description: 'Fee per billing period.' })
  baseFee: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits included each period.' })
  includedCredits: Decimal;

  @Field(() => DecimalScalar, { description: 'Least amount billed for a period.' })
  minimumCommitment: Decimal;

  @Field(() => [PlanCharge], { description: 'Charges on meters.' })
  charges: PlanCharge[];
}

@ObjectType({ description: 'An organization on a plan.' })
export class BillingSubscription {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field(() => ID, { description: 'The plan now.' })
  planId: string;

  @Field(() => BillingAnchorEnum, { description: 'How its periods are counted.' })
  anchor: BillingAnchor;

  @Field({ description: 'When it started.' })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it ends, once canceled.' })
  endsAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'A downgrade waiting for the current period to end.' })
  pendingPlanId: string | null;
}

@InputType({ description: 'A plan; on update, the fields given replace the current ones (the code stays).' })
export class PlanInput {
  @Field(() => String, { nullable: true, description: 'Identifier, unique; set once.' })
  code?: string;

  @Field(() => String, { nullable: true, description: 'Name.' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Currency.' })
  currency?: string;

  @Field(() => BillingIntervalEnum, { nullable: true, description: 'How often it bills.' })
  billingInterval?: BillingInterval;

  @Field(() => DecimalScalar, { nullable: true, description: 'Fee per period.' })
  baseFee?: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits included each period.' })
  includedCredits?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Least amount billed for a period.' })
  minimumCommitment?: Decimal | null;

  @Field(() => [PlanCharge], { nullable: true, description: 'Charges on meters.' })
  charges?: PlanCharge[] | null;
}
