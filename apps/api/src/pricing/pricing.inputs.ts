import type Decimal from 'decimal.js';
import { Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { UsageQuantitiesInput } from '../usage/usage-quantities.input';
import { ModelKindEnum } from './model-kind.enum';

@InputType({ description: 'A model call to price; omitted quantities are zero.' })
export class EstimateCostInput extends UsageQuantitiesInput {
  @Field({ description: 'Provider id, e.g. openai.' })
  @Length(1, 64)
  provider: string;

  @Field({ description: 'Model id, e.g. gpt-4o.' })
  @Length(1, 200)
  model: string;

  @Field(() => Int, { nullable: true, description: 'Billable requests for per-request prices; 1 by default.' })
  @Min(0)
  @Max(1_000_000)
  requests?: number | null;

  @Field(() => Date, { nullable: true, description: 'When the call happens; now by default. Prices in force then apply.' })
  occurredAt?: Date | null;
}

/** The five token prices a rate card and each of its long-context tiers carry. */
@InputType()
export class TokenPricesInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Uncached input, per million tokens.' })
  inputPerMTok?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Output, per million tokens.' })
  outputPerMTok?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Cache reads, per million tokens.' })
  cacheReadPerMTok?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Five-minute cache writes, per million tokens.' })
  cacheWrite5mPerMTok?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'One-hour cache writes, per million tokens.' })
  cacheWrite1hPerMTok?: Decimal | null;
}

@InputType({ description: 'Prices for long prompts; null keeps the base price.' })
export class LongContextTierInput extends TokenPricesInput {
  @Field(() => Int, { description: 'Applies when the prompt is longer than this many tokens.' })
  @Min(1)
  aboveInputTokens: number;
}

@InputType({ description: 'Price of one image of a size and quality.' })
export class ImagePriceInput {
  @Field({ description: 'WIDTHxHEIGHT.' })
  @Length(1, 32)
  size: string;

  @Field({ defaultValue: 'standard', description: 'Quality tier.' })
  @Length(1, 32)
  quality: string;

  @Field(() => DecimalScalar, { description: 'Price per image.' })
  perImage: Decimal;
}

@InputType({ description: "An organization's own price version for a model. Omitted prices are not offered." })
export class UpsertModelPriceInput extends TokenPricesInput {
  @Field({ description: 'Provider id (lower case).' })
  @Length(1, 64)
  provider: string;

  @Field({ description: 'Model id.' })
  @Length(1, 200)
  model: string;

  @Field(() => ModelKindEnum, { nullable: true, description: 'CHAT by default.' })
  kind?: ModelKindEnum | null;

  @Field(() => String, { nullable: true, description: 'Currency of the prices; USD by default.' })
  currency?: string | null;

  @Field(() => Date, { nullable: true, description: 'When this version starts applying; now by default. The same instant again replaces that version.' })
  effectiveFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it stops applying; open-ended by default.' })
  effectiveTo?: Date | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Embedding, per million tokens.' })
  embeddingPerMTok?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Per request.' })
  perRequest?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Per second.' })
  perSecond?: Decimal | null;

  @Field(() => Boolean, { nullable: true, description: "Whether cached tokens are inside the input count; the catalog's rule for the model by default." })
  cacheReadsIncludedInInput?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Whether reasoning tokens are inside the output count; the catalog's rule by default." })
  reasoningIncludedInOutput?: boolean | null;

  @Field(() => [LongContextTierInput], { nullable: true, description: 'Long-context tiers.' })
  @ValidateNested({ each: true })
  longContextTiers?: LongContextTierInput[] | null;

  @Field(() => [ImagePriceInput], { nullable: true, description: 'Image prices.' })
  @ValidateNested({ each: true })
  images?: ImagePriceInput[] | null;
}
