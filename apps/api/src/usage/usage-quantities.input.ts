import type Decimal from 'decimal.js';
import { Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { CacheWriteTtlEnum } from '../pricing/model-kind.enum';
import { DecimalScalar } from '../scalars/decimal.scalar';

const MAX_TOKENS = 2_000_000_000;

/** The measured quantities of a call, shared by estimateCost and recordUsage. Omitted quantities are zero. */
@InputType()
export class UsageQuantitiesInput {
  @Field(() => Int, { nullable: true, description: "Prompt tokens as the provider reports them (cached tokens inside or not, by the provider's rule)." })
  @Min(0)
  @Max(MAX_TOKENS)
  inputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Output tokens.' })
  @Min(0)
  @Max(MAX_TOKENS)
  outputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens read from the prompt cache.' })
  @Min(0)
  @Max(MAX_TOKENS)
  cacheReadTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens written to the prompt cache.' })
  @Min(0)
  @Max(MAX_TOKENS)
  cacheWriteTokens?: number | null;

  @Field(() => CacheWriteTtlEnum, { nullable: true, description: 'Lifetime of the cache writes; five minutes by default.' })
  cacheWriteTtl?: CacheWriteTtlEnum | null;

  @Field(() => Int, { nullable: true, description: 'Reasoning (thinking) tokens, where the provider reports them apart from output.' })
  @Min(0)
  @Max(MAX_TOKENS)
  reasoningTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens embedded.' })
  @Min(0)
  @Max(MAX_TOKENS)
  embeddingTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Images generated.' })
  @Min(0)
  @Max(100_000)
  imageCount?: number | null;

  @Field(() => String, { nullable: true, description: 'Image size, e.g. 1024x1024.' })
  imageSize?: string | null;

  @Field(() => String, { nullable: true, description: 'Image quality, e.g. standard or hd; standard by default.' })
  imageQuality?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Seconds of audio or compute, for per-second prices.' })
  durationSeconds?: Decimal | null;
}
