import { USAGE_CATEGORIES, type UsageCategory } from '@tollgate/core';
import { registerEnumType } from 'type-graphql';

export const UsageCategoryEnum = Object.fromEntries(USAGE_CATEGORIES.map((c) => [c, c])) as { [C in UsageCategory]: C };
registerEnumType(UsageCategoryEnum, {
  name: 'UsageCategory',
  description: 'What a usage event is for. Defaults from the model kind (chat → LLM_INFERENCE), API_CALLS for priced actions, else OTHER.',
});

export enum UsageStatusEnum {
  CREATED = 'CREATED',
  DUPLICATE = 'DUPLICATE',
  REJECTED = 'REJECTED',
}
registerEnumType(UsageStatusEnum, {
  name: 'UsageStatus',
  description: 'CREATED: stored now. DUPLICATE: the key was seen with the same input; the first result is returned. REJECTED: nothing stored, see code and reason.',
});
