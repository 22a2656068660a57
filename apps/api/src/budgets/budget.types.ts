import { SafeIntResolver } from 'graphql-scalars';
import type Decimal from 'decimal.js';
import type { Period } from '@tollgate/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { BudgetStatusEnum, LimitActionEnum, PeriodEnum } from './budget.enums';

@ObjectType({ description: 'Amounts of each measure a budget can limit.' })
export class UsageMeasure {
  @Field(() => DecimalScalar, { description: 'Money, in the budget currency.' })
  cost: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits.' })
  credits: Decimal;

  @Field(() => SafeIntResolver, { description: 'Tokens (input, output, cache and embedding; a count).' })
  tokens: number;

  @Field(() => SafeIntResolver, { description: 'Requests (a count).' })
  requests: number;
}

@ObjectType({ description: 'What is left of each limited measure; null where not limited.' })
export class BudgetRemaining {
  @Field(() => DecimalScalar, { nullable: true, description: 'Money left.' })
  cost: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits left.' })
  credits: Decimal | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Tokens left.' })
  tokens: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Requests left.' })
  requests: number | null;
}

@ObjectType({ description: 'Figures of one past period.' })
export class BudgetPeriod {
  @Field({ description: 'Start of the period.' })
  periodStart: Date;

  @Field(() => Date, { nullable: true, description: 'End of the period.' })
  periodEnd: Date | null;

  @Field(() => UsageMeasure, { description: 'What was spent.' })
  spent: UsageMeasure;

  @Field(() => DecimalScalar, { description: 'Percent of the most used limit.' })
  utilization: Decimal;

  @Field(() => BudgetStatusEnum, { description: 'Where it ended.' })
  status: BudgetStatusEnum;
}

@ObjectType({ description: 'A spending limit over a scope and a period, enforced before calls run.' })
export class Budget {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field({ description: 'Name.' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'Only this project.' })
  projectId: string | null;

  @Field(() => String, { nullable: true, description: 'Only this end user.' })
  userId: string | null;

  @Field(() => String, { nullable: true, description: 'Only this provider.' })
  provider: string | null;

  @Field(() => String, { nullable: true, description: 'Only this model.' })
  model: string | null;

  @Field(() => String, { nullable: true, description: 'Only this category.' })
  category: string | null;

  @Field(() => String, { nullable: true, description: 'Only this feature.' })
  feature: string | null;

  tags: Record<string, string>;

  @Field(() => PeriodEnum, { description: 'When it starts over.' })
  period: Period;

  @Field(() => Date, { nullable: true, description: 'Start of a CUSTOM period.' })
  customStart: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of a CUSTOM period.' })
  customEnd: Date | null;

  @Field({ description: 'Currency of the cost limit; only usage in it counts towards cost.' })
  currency: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Money limit per period.' })
  costLimit: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credit limit per period.' })
  creditLimit: Decimal | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Token limit per period.' })
  tokenLimit: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Request limit per period.' })
  requestLimit: number | null;

  @Field(() => [Float], { description: 'Percents of the limit that raise an alert, once each per period.' })
  thresholds: number[];

  @Field(() => Float, { description: 'From this percent the status is WARNING (and THROTTLE starts).' })
  warningPercent: number;

  @Field(() => Float, { description: 'From this percent the status is CRITICAL.' })
  criticalPercent: number;

  @Field(() => LimitActionEnum, { description: 'What happens at the limit.' })
  action: LimitActionEnum;

  @Field(() => Int, { nullable: true, description: 'Calls a minute allowed past the warning level, for THROTTLE.' })
  throttlePerMinute: number | null;

  @Field({ description: 'Suspend once exceeded, until reset or the next period.' })
  autoSuspend: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was suspended.' })
  suspendedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When its count was last reset.' })
  resetAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Start of the current period (or of the count after a reset).' })
  periodStart: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of the current period; null for TOTAL.' })
  periodEnd: Date | null;

  @Field(() => UsageMeasure, { description: 'Spent in the current period (recorded usage).' })
  spent: UsageMeasure;

  @Field(() => UsageMeasure, { description: 'Held by open authorizations.' })
  reserved: UsageMeasure;

  @Field(() => BudgetRemaining, { description: 'Limit minus spent minus reserved.' })
  remaining: BudgetRemaining;

  @Field(() => DecimalScalar, { description: 'Percent of the most used limit, spent and reserved together.' })
  utilization: Decimal;

  @Field(() => BudgetStatusEnum, { description: 'Where it stands.' })
  status: BudgetStatusEnum;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

