import type Decimal from 'decimal.js';
import { SPEND_DIMENSIONS } from '@tollgate/db';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { graphqlEnum } from '../schema/graphql-enum';

export const SpendDimensionEnum = graphqlEnum('SpendDimension', SPEND_DIMENSIONS, 'The series an anomaly was found in: the whole organization, a project, a model or an end user.');
export const AnomalySeverityEnum = graphqlEnum('AnomalySeverity', ['WARNING', 'CRITICAL'] as const, 'WARNING from the detection score, CRITICAL from twice that.');
export const AnomalyStatusEnum = graphqlEnum('AnomalyStatus', ['OPEN', 'ACKNOWLEDGED'] as const, 'Whether someone has seen it.');

export type SpendDimensionEnum = (typeof SpendDimensionEnum)[keyof typeof SpendDimensionEnum];
export type AnomalySeverityEnum = (typeof AnomalySeverityEnum)[keyof typeof AnomalySeverityEnum];
export type AnomalyStatusEnum = (typeof AnomalyStatusEnum)[keyof typeof AnomalyStatusEnum];

@ObjectType({ description: 'Unusual spend in one series: one or more consecutive hours well above what its recent, seasonal pattern predicts.' })
export class Anomaly {
  @Field(() => ID, { description: 'Stable id; its ANOMALY alert has the same id.' })
  id: string;

  @Field(() => SpendDimensionEnum, { description: 'Which kind of series.' })
  dimension: SpendDimensionEnum;

  @Field({ description: "The series: '' for the organization, a project id, 'provider/model' or an end-user id." })
  key: string;

  @Field({ description: 'Currency of the amounts.' })
  currency: string;

  @Field({ description: 'Start of the first anomalous hour (UTC hours).' })
  firstHour: Date;

  @Field({ description: 'Start of the last anomalous hour so far.' })
  lastHour: Date;

  @Field(() => Int, { description: 'Consecutive anomalous hours.' })
  hours: number;

  @Field(() => DecimalScalar, { description: 'Spend expected over those hours.' })
  expected: Decimal;

  @Field(() => DecimalScalar, { description: 'Spend seen over those hours.' })
  actual: Decimal;

  @Field({ description: 'The hour with the highest score.' })
  peakHour: Date;

  @Field(() => DecimalScalar, { description: 'Spend expected in the peak hour.' })
  peakExpected: Decimal;

  @Field(() => DecimalScalar, { description: 'Spend seen in the peak hour.' })
  peakActual: Decimal;

  @Field(() => Float, { description: 'Highest robust z-score of its hours (distance above the expectation in robust standard deviations, on a log scale).' })
  score: number;

  @Field(() => AnomalySeverityEnum, { description: 'Severity.' })
  severity: AnomalySeverityEnum;

  @Field({ description: 'How the expectation was made (WEEKLY_PROFILE or DAILY_PROFILE).' })
  method: string;

  @Field(() => AnomalyStatusEnum, { description: 'OPEN or ACKNOWLEDGED.' })
  status: AnomalyStatusEnum;

  @Field(() => Date, { nullable: true, description: 'When it was acknowledged.' })
  acknowledgedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy: string | null;

  @Field({ description: 'When it was found.' })
  createdAt: Date;
}

@InputType({ description: 'Which anomalies to list.' })
export class AnomalyFilterInput {
  @Field(() => SpendDimensionEnum, { nullable: true, description: 'Only this kind of series.' })
  dimension?: SpendDimensionEnum | null;

  @Field(() => AnomalyStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: AnomalyStatusEnum | null;

  @Field(() => Date, { nullable: true, description: 'Only anomalies lasting until this time or later.' })
  since?: Date | null;
}
