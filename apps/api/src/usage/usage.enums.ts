import { USAGE_CATEGORIES } from '@tollgate/core';
import { graphqlEnum } from '../schema/graphql-enum';

export const UsageCategoryEnum = graphqlEnum(
  'UsageCategory',
  USAGE_CATEGORIES,
  'What a usage event is for. Defaults from the model kind (chat → LLM_INFERENCE), API_CALLS for priced actions, else OTHER.',
);

export const UsageStatusEnum = graphqlEnum(
  'UsageStatus',
  ['CREATED', 'DUPLICATE', 'REJECTED'] as const,
  'CREATED: stored now. DUPLICATE: the key was seen with the same input; the first result is returned. REJECTED: nothing stored, see code and reason.',
);

export type UsageCategoryEnum = (typeof UsageCategoryEnum)[keyof typeof UsageCategoryEnum];
export type UsageStatusEnum = (typeof UsageStatusEnum)[keyof typeof UsageStatusEnum];
