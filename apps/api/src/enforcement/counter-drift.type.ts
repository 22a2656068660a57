import type Decimal from 'decimal.js';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';

@ObjectType({ description: 'A budget or quota counter that the worker’s reconciliation found off PostgreSQL’s figure: Redis minus PostgreSQL, per measure.' })
export class CounterDrift {
  @Field(() => ID, { description: 'The record.' })
  id: string;

  @Field(() => ID, { description: 'The budget, or the quota assignment.' })
  limitId: string;

  @Field({ description: 'BUDGET or QUOTA.' })
  limitKind: string;

  @Field(() => Date, { description: 'Start of the period the counter counts.' })
  windowStart: Date;

  @Field(() => DecimalScalar, { description: 'Cost found over (positive) or under (negative) the truth, in the limit’s currency.' })
  cost: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits over or under.' })
  credits: Decimal;

  @Field(() => Float, { description: 'Tokens over or under (a whole number; Float because it may pass 2^31).' })
  tokens: number;

  @Field(() => Float, { description: 'Requests over or under (a whole number).' })
  requests: number;

  @Field({ description: 'Whether the counter was set to the truth (false: a booking landed meanwhile; looked at again next minute).' })
  corrected: boolean;

  @Field(() => Date, { description: 'When it was found.' })
  foundAt: Date;
}
