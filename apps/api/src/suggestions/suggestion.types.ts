import type Decimal from 'decimal.js';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { graphqlEnum } from '../schema/graphql-enum';

export const ModelFlagKindEnum = graphqlEnum('ModelFlagKind', ['FAILED_BUT_BILLED', 'HIGH_LATENCY'] as const, 'Why a model is flagged.');
export const EfficiencyReasonCodeEnum = graphqlEnum(
  'EfficiencyReasonCode',
  ['FAILED_BUT_BILLED', 'CHEAPER_MODELS', 'PROMPT_CACHING', 'FORECAST_OVERRUN'] as const,
  'What took points off an efficiency score.',
);
export type ModelFlagKindEnum = (typeof ModelFlagKindEnum)[keyof typeof ModelFlagKindEnum];
export type EfficiencyReasonCodeEnum = (typeof EfficiencyReasonCodeEnum)[keyof typeof EfficiencyReasonCodeEnum];

@ObjectType({ description: 'Move short-output traffic to the next smaller model of the same provider and family.' })
export class ModelSwitchSuggestion {
  @Field({ description: 'Provider.' })
  provider: string;

  @Field({ description: 'The model used now.' })
  model: string;

  @Field({ description: 'Its family in the price catalog.' })
  family: string;

  @Field({ description: 'The cheaper model of the same family to move to.' })
  suggestedModel: string;

  @Field({ description: 'Currency of the amounts.' })
  currency: string;

  @Field(() => Int, { description: 'Successful short-output requests the estimate is made on.' })
  requests: number;

  @Field(() => Float, { description: "Their share of the model's requests, 0–1." })
  shareOfRequests: number;

  @Field(() => DecimalScalar, { description: 'What those requests cost over the range.' })
  currentCost: Decimal;

  @Field(() => DecimalScalar, { description: "What they would have cost at the suggested model's prices in force." })
  suggestedCost: Decimal;

  @Field(() => DecimalScalar, { description: 'Estimated saving per month.' })
  estimatedMonthlySavings: Decimal;

  @Field({ description: 'For people.' })
  message: string;
}

@ObjectType({ description: 'Cache the repeated part of long prompts.' })
export class PromptCacheSuggestion {
  @Field({ description: 'Provider.' })
  provider: string;

  @Field({ description: 'Model.' })
  model: string;

  @Field(() => ID, { nullable: true, description: 'Project the calls come from.' })
  projectId: string | null;

  @Field(() => String, { nullable: true, description: 'Feature the calls come from.' })
  feature: string | null;

  @Field({ description: 'Currency of the amounts.' })
  currency: string;

  @Field(() => Int, { description: 'Calls with long prompts.' })
  requests: number;

  @Field(() => Int, { description: 'Their average prompt, in tokens.' })
  averagePromptTokens: number;

  @Field(() => Float, { description: 'Prompt tokens read from the cache, 0–1.' })
  cacheReadShare: number;

  @Field(() => DecimalScalar, { description: 'Estimated saving per month if half of each prompt were a cached prefix reused ten times.' })
  estimatedMonthlySavings: Decimal;

  @Field({ description: 'For people.' })
  message: string;
}

@ObjectType({ description: 'A model worth a look.' })
export class ModelFlag {
  @Field(() => ModelFlagKindEnum, { description: 'Why.' })
  kind: ModelFlagKindEnum;

  @Field({ description: 'Provider.' })
  provider: string;

  @Field({ description: 'Model.' })
  model: string;

  @Field({ description: 'Currency of failedCost.' })
  currency: string;

  @Field(() => Int, { description: 'Requests over the range.' })
  requests: number;

  @Field(() => Int, { description: 'Failed requests that were billed.' })
  failedBilled: number;

  @Field(() => DecimalScalar, { description: 'What failed requests cost.' })
  failedCost: Decimal;

  @Field(() => Float, { nullable: true, description: 'Median latency in ms.' })
  p50LatencyMs: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile latency in ms.' })
  p95LatencyMs: number | null;

  @Field({ description: 'For people.' })
  message: string;
}

@ObjectType({ description: 'One reason points were taken off an efficiency score.' })
export class EfficiencyReason {
  @Field(() => EfficiencyReasonCodeEnum, { description: 'What.' })
  code: EfficiencyReasonCodeEnum;

  @Field(() => Int, { description: 'Points taken off 100.' })
  penalty: number;

  @Field({ description: 'For people, with the figures behind it.' })
  message: string;
}

@ObjectType({ description: "How well a budget's money is spent." })
export class BudgetEfficiency {
  @Field(() => ID, { description: 'The budget.' })
  budgetId: string;

  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => Int, { description: '0–100: 100 less the penalties of the reasons.' })
  score: number;

  @Field({ description: "The budget's currency." })
  currency: string;

  @Field(() => DecimalScalar, { description: "Spend in the budget's scope and currency over the range." })
  cost: Decimal;

  @Field(() => [EfficiencyReason], { description: 'Why points were taken off, largest first.' })
  reasons: EfficiencyReason[];
}

@ObjectType({ description: 'Where the organization could spend less, from its usage over the range and the prices in force.' })
export class CostSuggestions {
  @Field({ description: 'Range start.' })
  from: Date;

  @Field({ description: 'Range end.' })
  to: Date;

  @Field(() => [ModelSwitchSuggestion], { description: 'Smaller models of the same family for short outputs, largest saving first.' })
  modelSwitches: ModelSwitchSuggestion[];

  @Field(() => [PromptCacheSuggestion], { description: 'Prompt caching for long repeated prompts, largest saving first.' })
  promptCaching: PromptCacheSuggestion[];

  @Field(() => [ModelFlag], { description: 'Models that bill many failures or answer slowly.' })
  flags: ModelFlag[];

  @Field(() => [BudgetEfficiency], { description: 'An efficiency score per live budget.' })
  budgets: BudgetEfficiency[];
}
