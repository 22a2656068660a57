import type Decimal from 'decimal.js';
import { Field, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { ModelKindEnum } from './model-kind.enum';

/** The five token prices a rate card and each of its long-context tiers carry; null = not offered (or, in a tier, unchanged). */
@ObjectType()
export class TokenPrices {
  @Field(() => DecimalScalar, { nullable: true, description: 'Uncached input tokens, per million.' })
  inputPerMTok: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Output tokens, per million.' })
  outputPerMTok: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Cache reads, per million; the input price applies when null.' })
  cacheReadPerMTok: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Five-minute cache writes, per million; the input price applies when null.' })
  cacheWrite5mPerMTok: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'One-hour cache writes, per million; the input price applies when null.' })
  cacheWrite1hPerMTok: Decimal | null;
}

@ObjectType({ description: 'Prices that replace the base token prices once a prompt exceeds a length.' })
export class LongContextTier extends TokenPrices {
  @Field(() => Int, { description: 'The tier applies when the prompt (cached tokens included) is longer than this.' })
  aboveInputTokens: number;
}

@ObjectType({ description: 'Price of one generated image of a size and quality.' })
export class ImagePrice {
  @Field({ description: 'Size as WIDTHxHEIGHT, e.g. 1024x1024.' })
  size: string;

  @Field({ description: 'Quality tier, e.g. standard, hd, low, medium, high.' })
  quality: string;

  @Field(() => DecimalScalar, { description: 'Price per image.' })
  perImage: Decimal;
}

@ObjectType({ description: 'One version of a model rate card. Token prices are per million tokens; null means not offered.' })
export class ModelPrice extends TokenPrices {
  @Field({ description: 'Provider id, e.g. openai, anthropic, google.' })
  provider: string;

  @Field({ description: "Model id as the provider's API names it." })
  model: string;

  @Field(() => ModelKindEnum, { description: 'What the model produces.' })
  kind: ModelKindEnum;

  @Field({ description: 'Currency of the prices.' })
  currency: string;

  @Field({ description: 'First instant this version applies (inclusive).' })
  effectiveFrom: Date;

  @Field(() => Date, { nullable: true, description: 'Instant this version stops applying (exclusive); null while current.' })
  effectiveTo: Date | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Embedding tokens, per million.' })
  embeddingPerMTok: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Price per request.' })
  perRequest: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Price per second of audio or compute.' })
  perSecond: Decimal | null;

  @Field({ description: 'True where the provider reports cached tokens inside the input count (OpenAI, Google), false where on top (Anthropic).' })
  cacheReadsIncludedInInput: boolean;

  @Field({ description: 'False where the provider reports reasoning tokens apart from output tokens (Gemini); they are then billed as output.' })
  reasoningIncludedInOutput: boolean;

  @Field(() => [LongContextTier], { description: 'Higher prices for long prompts, if any.' })
  longContextTiers: LongContextTier[];

  @Field(() => [ImagePrice], { description: 'Per-image prices by size and quality.' })
  images: ImagePrice[];

  @Field(() => LocalDateResolver, { description: 'The day the price was read from the provider, or the override took effect.' })
  priceAsOf: string;

  @Field(() => String, { nullable: true, description: 'Where the price comes from.' })
  source: string | null;

  @Field({ description: "True when this is the organization's own price rather than the public catalog's." })
  isOrgOverride: boolean;
}

@ObjectType({ description: 'The prices in force at an instant for the calling organization.' })
export class Pricing {
  @Field({ description: 'The instant the prices apply to.' })
  at: Date;

  @Field(() => [String], { description: 'Providers that have at least one price in force.' })
  providers: string[];

  @Field(() => [ModelPrice], { description: 'One price per model, org overrides in place of catalog prices.' })
  prices: ModelPrice[];
}

@ObjectType({ description: 'What one call costs, by component, at full precision (rounding happens only on invoices).' })
export class CostBreakdown {
  @Field(() => DecimalScalar, { description: 'Uncached input tokens.' })
  input: Decimal;

  @Field(() => DecimalScalar, { description: 'Output tokens (reasoning tokens included).' })
  output: Decimal;

  @Field(() => DecimalScalar, { description: 'Cache reads.' })
  cacheRead: Decimal;

  @Field(() => DecimalScalar, { description: 'Cache writes.' })
  cacheWrite: Decimal;

  @Field(() => DecimalScalar, { description: 'Generated images.' })
  image: Decimal;

  @Field(() => DecimalScalar, { description: 'Embedding tokens.' })
  embedding: Decimal;

  @Field(() => DecimalScalar, { description: 'Per-request charges.' })
  request: Decimal;

  @Field(() => DecimalScalar, { description: 'Per-second charges.' })
  duration: Decimal;

  @Field(() => DecimalScalar, { description: 'Sum of the components.' })
  total: Decimal;

  @Field({ description: 'Currency of every amount.' })
  currency: string;

  @Field(() => Int, { nullable: true, description: 'Threshold of the long-context tier applied, if one was.' })
  longContextAbove: number | null;

  @Field(() => ModelPrice, { description: 'The price version used.' })
  price: ModelPrice;
}
