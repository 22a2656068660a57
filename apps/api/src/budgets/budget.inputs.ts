import type Decimal from 'decimal.js';
import type { Period, UsageCategory } from '@tollgate/core';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { TagInput } from '../usage/usage.inputs';
import { UsageCategoryEnum } from '../usage/usage.enums';
import { LimitActionEnum, PeriodEnum } from './budget.enums';

@InputType({ description: 'Fields of a budget; on update, those given replace the current ones.' })
export class BudgetFieldsInput {
  @Field(() => String, { nullable: true, description: 'Name, 1 to 200 characters.' })
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Only this project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this end user.' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this provider.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this model.' })
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this category.' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this feature.' })
  feature?: string | null;

  @Field(() => [TagInput], { nullable: true, description: 'Only usage carrying all these tags.' })
  tags?: TagInput[] | null;

  @Field(() => PeriodEnum, { nullable: true, description: 'When it starts over.' })
  period?: Period;

  @Field(() => Date, { nullable: true, description: 'Start of a CUSTOM period.' })
  customStart?: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of a CUSTOM period.' })
  customEnd?: Date | null;

  @Field(() => String, { nullable: true, description: "Currency of costLimit; the organization's by default." })
  currency?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Money limit per period.' })
  costLimit?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credit limit per period.' })
  creditLimit?: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'Token limit per period.' })
  tokenLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Request limit per period.' })
  requestLimit?: number | null;

  @Field(() => [Float], { nullable: true, description: 'Alert thresholds in percent; the configured ones (50, 80, 90, 100) by default.' })
  thresholds?: number[] | null;

  @Field(() => Float, { nullable: true, description: 'Warning level in percent.' })
  warningPercent?: number | null;

  @Field(() => Float, { nullable: true, description: 'Critical level in percent.' })
  criticalPercent?: number | null;

  @Field(() => LimitActionEnum, { nullable: true, description: 'What happens at the limit.' })
  action?: LimitActionEnum;

  @Field(() => Int, { nullable: true, description: 'For THROTTLE: calls a minute past the warning level.' })
  throttlePerMinute?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Suspend once exceeded.' })
  autoSuspend?: boolean | null;
}
