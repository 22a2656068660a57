import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Something a budget or a detector wants people to know.' })
export class Alert {
  @Field(() => ID, { description: 'Stable id.' })
  id: string;

  @Field(() => ID, { nullable: true, description: 'The budget, when a budget raised it.' })
  budgetId: string | null;

  @Field({ description: 'THRESHOLD_WARNING, THRESHOLD_CRITICAL, LIMIT_EXCEEDED, FORECAST_OVERRUN, ANOMALY or POLICY_VIOLATION.' })
  type: string;

  @Field({ description: 'INFO, WARNING or CRITICAL.' })
  severity: string;

  @Field(() => Float, { nullable: true, description: 'The threshold crossed, in percent.' })
  threshold: number | null;

  @Field(() => Date, { nullable: true, description: 'The budget period it belongs to; a threshold fires once per period.' })
  periodStart: Date | null;

  @Field({ description: 'For people.' })
  message: string;

  @Field(() => GraphQLJSON, { description: 'Structured details.' })
  details: unknown;

  @Field({ description: 'OPEN, ACKNOWLEDGED or RESOLVED.' })
  status: string;

  @Field({ description: 'When it was raised.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was acknowledged.' })
  acknowledgedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was resolved.' })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who resolved it.' })
  resolvedBy: string | null;
}

@InputType({ description: 'Which alerts to list.' })
export class AlertFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this budget.' })
  budgetId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this type.' })
  type?: 'THRESHOLD_WARNING' | 'THRESHOLD_CRITICAL' | 'LIMIT_EXCEEDED' | 'FORECAST_OVERRUN' | 'ANOMALY' | 'POLICY_VIOLATION' | null;

  @Field(() => String, { nullable: true, description: 'Only this status.' })
  status?: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | null;

  @Field(() => Date, { nullable: true, description: 'Raised at or after.' })
  since?: Date | null;
}
