import type Decimal from 'decimal.js';
import type { UsageCategory } from '@tollgate/core';
import { ArrayMaxSize, Length, Min } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { UsageCategoryEnum } from './usage.enums';
import { UsageQuantitiesInput } from './usage-quantities.input';

@InputType({ description: 'A key/value label on a usage event.' })
export class TagInput {
  @Field({ description: 'Tag name, 1 to 100 characters.' })
  @Length(1, 100)
  key: string;

  @Field({ description: 'Tag value, 1 to 200 characters.' })
  @Length(1, 200)
  value: string;
}

@InputType({ description: 'One metered call or action. Omitted quantities are zero.' })
export class UsageInput extends UsageQuantitiesInput {
  @Field({ description: 'Unique per organization; a retry with the same key and input returns the first result and counts nothing twice.' })
  @Length(1, 200)
  idempotencyKey: string;

  @Field(() => Date, { nullable: true, description: 'When the usage happened; now by default. Prices in force then apply. Future instants are refused.' })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Provider id, e.g. openai (with model).' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Model id, e.g. gpt-4o (with provider). Dated ids fall back to the undated price.' })
  model?: string | null;

  @Field(() => ID, { nullable: true, description: 'Project the usage belongs to.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: "The organization's id for the end user." })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'Conversation or session id.' })
  sessionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Action or workflow, e.g. translate; its credit rate applies.' })
  feature?: string | null;

  @Field(() => UsageCategoryEnum, { nullable: true, description: 'What the usage is for.' })
  category?: UsageCategory | null;

  @Field(() => [TagInput], { nullable: true, description: 'Up to 32 labels.' })
  @ArrayMaxSize(32)
  tags?: TagInput[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Units of the action (e.g. 2500 words) or workflow steps (1 by default).' })
  units?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'What the units count, e.g. words.' })
  unit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'A cost the caller already knows; used instead of the price list.' })
  costOverride?: Decimal | null;

  @Field(() => String, { nullable: true, description: "Currency of costOverride; the organization's by default." })
  currency?: string | null;

  @Field(() => Int, { nullable: true, description: 'Latency of the call in milliseconds.' })
  @Min(0)
  latencyMs?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'False for a failed (but billed) call; true by default.' })
  success?: boolean | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Free-form JSON, at most 8 KiB.' })
  metadata?: unknown;

  @Field(() => String, { nullable: true, description: 'The reservation from authorizeUsage that this usage settles.' })
  reservationId?: string | null;
}
