import { SafeIntResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

/** Counted quantities of usage, as SafeInt: sums over many events pass GraphQL Int's 2^31. */
@ObjectType()
export class TokenCounts {
  @Field(() => SafeIntResolver, { description: 'Input tokens (a count).' })
  inputTokens: number;

  @Field(() => SafeIntResolver, { description: 'Output tokens (a count).' })
  outputTokens: number;

  @Field(() => SafeIntResolver, { description: 'Cache-read tokens (a count).' })
  cacheReadTokens: number;

  @Field(() => SafeIntResolver, { description: 'Cache-write tokens (a count).' })
  cacheWriteTokens: number;

  @Field(() => SafeIntResolver, { description: 'Reasoning tokens (a count).' })
  reasoningTokens: number;

  @Field(() => SafeIntResolver, { description: 'Embedding tokens (a count).' })
  embeddingTokens: number;

  @Field(() => SafeIntResolver, { description: 'Images generated (a count).' })
  imageCount: number;
}
