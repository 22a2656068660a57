import type { UsageCategory } from '@tollgate/core';
import { Field, ID, InputType } from 'type-graphql';
import { TagInput } from '../usage/usage.inputs';
import { UsageCategoryEnum } from '../usage/usage.enums';

@InputType({ description: 'A half-open time range [from, to).' })
export class TimeRangeInput {
  @Field({ description: 'Inclusive start.' })
  from: Date;

  @Field({ description: 'Exclusive end.' })
  to: Date;
}

@InputType({ description: 'Which usage to include; every field given must match.' })
export class UsageFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this end user.' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this session.' })
  sessionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this provider.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this model.' })
  model?: string | null;

  @Field(() => UsageCategoryEnum, { nullable: true, description: 'Only this category.' })
  category?: UsageCategory | null;

  @Field(() => String, { nullable: true, description: 'Only this feature.' })
  feature?: string | null;

  @Field(() => TagInput, { nullable: true, description: 'Only events carrying this tag.' })
  tag?: TagInput | null;
}
