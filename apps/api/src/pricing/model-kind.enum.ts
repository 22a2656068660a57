import { graphqlEnum } from '../schema/graphql-enum';

export const ModelKindEnum = graphqlEnum('ModelKind', ['CHAT', 'EMBEDDING', 'IMAGE', 'AUDIO'] as const, 'What a model produces, which decides what it is priced on.');

export const CacheWriteTtlEnum = graphqlEnum(
  'CacheWriteTtl',
  ['FIVE_MINUTES', 'ONE_HOUR'] as const,
  'How long a prompt-cache write is kept; Anthropic prices one-hour writes higher.',
);

export type ModelKindEnum = (typeof ModelKindEnum)[keyof typeof ModelKindEnum];
export type CacheWriteTtlEnum = (typeof CacheWriteTtlEnum)[keyof typeof CacheWriteTtlEnum];
