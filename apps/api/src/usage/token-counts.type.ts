import { Field, Float, ObjectType } from 'type-graphql';

/** Counted quantities of usage; Float because sums over many events pass 2^31. */
@ObjectType()
export class TokenCounts {
  @Field(() => Float, { description: 'Input tokens (a count).' })
  inputTokens: number;

  @Field(() => Float, { description: 'Output tokens (a count).' })
  outputTokens: number;

  @Field(() => Float, { description: 'Cache-read tokens (a count).' })
  cacheReadTokens: number;

  @Field(() => Float, { description: 'Cache-write tokens (a count).' })
  cacheWriteTokens: number;

  @Field(() => Float, { description: 'Reasoning tokens (a count).' })
  reasoningTokens: number;

  @Field(() => Float, { description: 'Embedding tokens (a count).' })
  embeddingTokens: number;

  @Field(() => Float, { description: 'Images generated (a count).' })
  imageCount: number;
}
