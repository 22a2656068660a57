import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { UsageStatusEnum } from './usage.enums';

@ObjectType({ description: 'What became of one usage event.' })
export class UsageResult {
  @Field(() => Int, { description: 'Position of the event in the call.' })
  index: number;

  @Field({ description: 'The idempotency key sent.' })
  idempotencyKey: string;

  @Field(() => UsageStatusEnum, { description: 'CREATED, DUPLICATE or REJECTED.' })
  status: UsageStatusEnum;

  @Field(() => ID, { nullable: true, description: 'The stored event (the first one, for a duplicate).' })
  eventId: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Money cost, full precision.' })
  cost: Decimal | null;

  @Field(() => String, { nullable: true, description: 'Currency of the cost.' })
  currency: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits the event consumed.' })
  credits: Decimal | null;

  @Field(() => String, { nullable: true, description: 'For REJECTED: the error code (BAD_USER_INPUT, NOT_FOUND, CONFLICT).' })
  code: string | null;

  @Field(() => String, { nullable: true, description: 'For REJECTED: a machine-readable reason, e.g. NO_PRICE_IN_FORCE.' })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'For REJECTED: what was wrong, for people.' })
  message: string | null;
}
