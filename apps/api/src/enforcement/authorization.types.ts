import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';

@ObjectType({ description: 'What a budget has left after this authorization; null where not limited.' })
export class BudgetRemainingAfter {
  @Field(() => ID, { description: 'The budget.' })
  budgetId: string;

  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Money left.' })
  cost: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits left.' })
  credits: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'Tokens left.' })
  tokens: number | null;

  @Field(() => Int, { nullable: true, description: 'Requests left.' })
  requests: number | null;
}

@ObjectType({ description: 'The answer to authorizeUsage.' })
export class Authorization {
  @Field({ description: 'Whether the call may go ahead.' })
  allowed: boolean;

  @Field(() => String, { nullable: true, description: 'Why not: BUDGET_EXCEEDED, QUOTA_EXCEEDED, RATE_LIMITED, or ENFORCEMENT_UNAVAILABLE (budgets could not be checked, so the call is denied rather than allowed unchecked; retry after retryAfterSeconds).' })
  code: string | null;

  @Field({ description: 'For people; names the budget that decided.' })
  message: string;

  @Field(() => ID, { nullable: true, description: 'Pass it to recordUsage to settle the reservation.' })
  reservationId: string | null;

  @Field(() => Date, { nullable: true, description: 'When the reservation lapses if not settled.' })
  expiresAt: Date | null;

  @Field(() => DecimalScalar, { description: 'The estimated cost reserved.' })
  estimatedCost: Decimal;

  @Field({ description: 'Currency of the estimate.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'The estimated credits reserved.' })
  estimatedCredits: Decimal;

  @Field(() => [BudgetRemainingAfter], { description: 'Each budget that applies, with what it has left.' })
  remaining: BudgetRemainingAfter[];

  @Field(() => [String], { description: 'Budgets past their limit that warn rather than block.' })
  warnings: string[];

  @Field(() => Int, { nullable: true, description: 'For RATE_LIMITED and ENFORCEMENT_UNAVAILABLE: seconds until a retry can succeed.' })
  retryAfterSeconds: number | null;
}
