import type Decimal from 'decimal.js';
import type { UsageCategory } from '@tollgate/core';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { TagInput } from '../usage/usage.inputs';
import { UsageCategoryEnum } from '../usage/usage.enums';

@InputType({ description: 'Authorize a call before making it: checks every budget that applies and reserves the estimate.' })
export class AuthorizeUsageInput {
  @Field(() => String, { nullable: true, description: 'Provider, with model, to price the estimate.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Model.' })
  model?: string | null;

  @Field(() => Int, { nullable: true, description: 'Expected input tokens.' })
  estimatedInputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Expected output tokens.' })
  estimatedOutputTokens?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'A cost the caller already knows, instead of pricing the token estimates.' })
  estimatedCost?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of estimatedCost; the credit’s currency by default. Cost caps count it only in their own currency.' })
  currency?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Credits the call will use; from the cost by default.' })
  credits?: Decimal | null;

  @Field(() => ID, { nullable: true, description: 'Project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'End user.' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'Feature.' })
  feature?: string | null;

  @Field(() => UsageCategoryEnum, { nullable: true, description: 'Category.' })
  category?: UsageCategory | null;

  @Field(() => [TagInput], { nullable: true, description: 'Tags.' })
  tags?: TagInput[] | null;

  @Field(() => Int, { nullable: true, description: 'How long the reservation holds without usage settling it; 120 by default, 1 to 3600.' })
  ttlSeconds?: number | null;
}
