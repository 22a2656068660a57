import type Decimal from 'decimal.js';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { graphqlEnum } from '../schema/graphql-enum';

export const ForecastMethodEnum = graphqlEnum(
  'ForecastMethod',
  ['HOLT_WINTERS_DAMPED', 'HOLT_WINTERS', 'RUN_RATE', 'NO_HISTORY'] as const,
  'HOLT_WINTERS_DAMPED: additive Holt-Winters with a damped trend and weekly seasonality, fitted on daily totals (two weeks of history or more). HOLT_WINTERS: the same where the fit chose to keep the trend undamped. RUN_RATE: the recent daily average, while history is shorter. NO_HISTORY: nothing used yet.',
);
export const ForecastMeasureEnum = graphqlEnum('ForecastMeasure', ['COST', 'CREDITS', 'TOKENS', 'REQUESTS'] as const, 'What is forecast: money, credits, tokens or requests.');
export const ForecastScopeKindEnum = graphqlEnum('ForecastScopeKind', ['BUDGET', 'ORGANIZATION', 'PROJECT', 'MODEL'] as const, 'What a forecast covers.');

export type ForecastMethodEnum = (typeof ForecastMethodEnum)[keyof typeof ForecastMethodEnum];
export type ForecastMeasureEnum = (typeof ForecastMeasureEnum)[keyof typeof ForecastMeasureEnum];
export type ForecastScopeKindEnum = (typeof ForecastScopeKindEnum)[keyof typeof ForecastScopeKindEnum];

@InputType({ description: 'What to forecast: exactly one of budgetId, organization, projectId or model.' })
export class ForecastScopeInput {
  @Field(() => ID, { nullable: true, description: "A budget: its scope, measure, period and limit." })
  budgetId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: the organization's whole spend." })
  organization?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'One project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'One model.' })
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'With model: only this provider.' })
  provider?: string | null;
}

@ObjectType({ description: 'An expected figure with its 10th–90th percentile range.' })
export class ForecastFigure {
  @Field(() => DecimalScalar, { description: 'Expected value.' })
  mean: Decimal;

  @Field(() => DecimalScalar, { description: '10th percentile: 9 times in 10 it is at least this.' })
  p10: Decimal;

  @Field(() => DecimalScalar, { description: '90th percentile: 9 times in 10 it is at most this.' })
  p90: Decimal;
}

@ObjectType({ description: 'The forecast of one local day.' })
export class ForecastDay extends ForecastFigure {
  @Field({ description: "Start of the day in the organization's time zone." })
  day: Date;
}

@ObjectType({ description: 'Projected usage to the end of the period and over a horizon.' })
export class Forecast {
  @Field(() => ForecastScopeKindEnum, { description: 'What it covers.' })
  scope: ForecastScopeKindEnum;

  @Field(() => ID, { nullable: true, description: 'The budget, for a budget forecast.' })
  budgetId: string | null;

  @Field(() => ID, { nullable: true, description: 'The project, for a project forecast.' })
  projectId: string | null;

  @Field(() => String, { nullable: true, description: 'The provider, for a model forecast narrowed to one.' })
  provider: string | null;

  @Field(() => String, { nullable: true, description: 'The model, for a model forecast.' })
  model: string | null;

  @Field(() => ForecastMeasureEnum, { description: "What is forecast (a budget's first limited measure, money first)." })
  measure: ForecastMeasureEnum;

  @Field(() => String, { nullable: true, description: 'Currency of a COST forecast.' })
  currency: string | null;

  @Field(() => ForecastMethodEnum, { description: 'The method used.' })
  method: ForecastMethodEnum;

  @Field(() => Int, { description: 'Days of history the method was fitted on (from the first day with usage).' })
  historyDays: number;

  @Field(() => Date, { nullable: true, description: "The period's start (the budget's period, or the current month)." })
  periodStart: Date | null;

  @Field(() => Date, { nullable: true, description: "The period's end; null for a period that never ends." })
  periodEnd: Date | null;

  @Field(() => DecimalScalar, { description: 'Usage in the period so far.' })
  spentToDate: Decimal;

  @Field(() => ForecastFigure, { nullable: true, description: 'Where the period ends: usage so far plus the expected rest.' })
  periodTotal: ForecastFigure | null;

  @Field(() => Int, { description: 'Days ahead the horizon covers, today included.' })
  horizonDays: number;

  @Field({ description: 'End of the horizon.' })
  horizonEnd: Date;

  @Field(() => ForecastFigure, { description: 'Usage expected from now to the end of the horizon.' })
  horizonTotal: ForecastFigure;

  @Field(() => [ForecastDay], { description: 'Whole-day forecasts from today on, one per horizon day.' })
  daily: ForecastDay[];

  @Field(() => DecimalScalar, { nullable: true, description: "The budget's limit on the measure." })
  limit: Decimal | null;

  @Field(() => Float, { nullable: true, description: 'Probability (0–1) that usage exceeds the limit by the end of the period (of the horizon when the period never ends).' })
  probabilityOfExceedingLimit: number | null;

  @Field({ description: 'When it was computed.' })
  generatedAt: Date;
}
