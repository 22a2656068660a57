import type Decimal from 'decimal.js';
import type { ReportDimension } from '@tollgate/db';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ForecastFigure, ForecastMethodEnum } from '../forecasts/forecast.types';
import { SafeIntResolver } from 'graphql-scalars';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { TokenCounts } from '../usage/token-counts.type';
import { ExportFormatEnum, ReportDimensionEnum, ReportIntervalEnum, ReportSourceEnum } from './report.enums';

@ObjectType({ description: 'The group of a report row; only grouped dimensions are set.' })
export class ReportGroup {
  @Field(() => String, { nullable: true, description: 'Provider.' })
  provider: string | null;

  @Field(() => String, { nullable: true, description: 'Model.' })
  model: string | null;

  @Field(() => ID, { nullable: true, description: 'Project.' })
  projectId: string | null;

  @Field(() => String, { nullable: true, description: 'End user.' })
  userId: string | null;

  @Field(() => String, { nullable: true, description: 'Session.' })
  sessionId: string | null;

  @Field(() => String, { nullable: true, description: 'Category.' })
  category: string | null;

  @Field(() => String, { nullable: true, description: 'Feature.' })
  feature: string | null;

  @Field(() => String, { nullable: true, description: 'Value of the tag named by tagKey.' })
  tagValue: string | null;
}

@ObjectType({ description: 'Usage measures over a set of events.' })
export class ReportMetrics extends TokenCounts {
  @Field(() => SafeIntResolver, { description: 'Events (calls) counted.' })
  requests: number;

  @Field(() => SafeIntResolver, { description: 'Events that failed.' })
  errors: number;

  @Field(() => Float, { description: 'errors / requests, a ratio from 0 to 1.' })
  errorRate: number;

  @Field(() => DecimalScalar, { description: 'Money cost, exact.' })
  cost: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits consumed, exact.' })
  credits: Decimal;

  @Field(() => Float, { nullable: true, description: 'Mean latency in ms of events that reported one.' })
  avgLatencyMs: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile latency in ms (exact from events; estimated from rollups).' })
  p95LatencyMs: number | null;
}

@ObjectType({ description: 'One group in one time bucket.' })
export class ReportRow extends ReportMetrics {
  @Field({ description: "Start of the bucket (the range start when no interval), in the organization's time zone." })
  bucketStart: Date;

  @Field({ description: 'Currency of cost.' })
  currency: string;

  @Field(() => ReportGroup, { description: 'The group.' })
  group: ReportGroup;
}

@ObjectType({ description: 'Totals over the whole report for one currency.' })
export class ReportTotals extends ReportMetrics {
  @Field({ description: 'Currency of cost.' })
  currency: string;
}

@ObjectType({ description: 'Usage grouped and bucketed.' })
export class UsageReport {
  @Field({ description: 'Range start.' })
  from: Date;

  @Field({ description: 'Range end (exclusive).' })
  to: Date;

  @Field({ description: 'Time zone buckets are counted in.' })
  timezone: string;

  @Field(() => ReportIntervalEnum, { nullable: true, description: 'Bucket size; null for one bucket over the range.' })
  interval: ReportIntervalEnum | null;

  @Field(() => [ReportDimensionEnum], { description: 'Grouping.' })
  groupBy: ReportDimension[];

  @Field(() => String, { nullable: true, description: 'Tag grouped by, with TAG.' })
  tagKey: string | null;

  @Field(() => ReportSourceEnum, { description: 'Where the numbers came from.' })
  source: ReportSourceEnum;

  @Field(() => [ReportRow], { description: 'Rows by bucket, currency and group.' })
  rows: ReportRow[];

  @Field(() => [ReportTotals], { description: 'Totals per currency.' })
  totals: ReportTotals[];
}

@ObjectType({ description: 'A report rendered as a file.' })
export class ReportExport {
  @Field(() => ExportFormatEnum, { description: 'Format.' })
  format: ExportFormatEnum;

  @Field({ description: 'MIME type of the body.' })
  contentType: string;

  @Field({ description: 'Suggested file name.' })
  filename: string;

  @Field({ description: 'The file content.' })
  body: string;
}

@ObjectType({ description: 'One bucket of a trend series.' })
export class TrendPoint {
  @Field({ description: 'Start of the bucket.' })
  bucketStart: Date;

  @Field(() => DecimalScalar, { description: 'Cost.' })
  cost: Decimal;

  @Field(() => DecimalScalar, { description: 'Credits.' })
  credits: Decimal;

  @Field(() => SafeIntResolver, { description: 'Requests.' })
  requests: number;

  @Field(() => SafeIntResolver, { description: 'Tokens of every type.' })
  tokens: number;
}

@ObjectType({ description: "One group's usage bucket by bucket, every bucket of the range present." })
export class TrendSeries {
  @Field(() => ReportGroup, { description: 'The group.' })
  group: ReportGroup;

  @Field({ description: 'Currency of cost.' })
  currency: string;

  @Field(() => [TrendPoint], { description: 'Buckets, oldest first (zero where nothing was used).' })
  points: TrendPoint[];

  @Field(() => DecimalScalar, { description: 'Least-squares change of cost per bucket, in the currency (an estimate, to 6 decimal places).' })
  costSlopePerInterval: Decimal;

  @Field(() => Float, { nullable: true, description: 'That slope in percent of the mean bucket cost; null when nothing was spent.' })
  costSlopePercent: number | null;
}

@ObjectType({ description: 'A group in this period against the previous one.' })
export class ComparisonRow {
  @Field(() => ReportGroup, { description: 'The group (empty in totals).' })
  group: ReportGroup;

  @Field({ description: 'Currency of cost.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Cost this period.' })
  currentCost: Decimal;

  @Field(() => DecimalScalar, { description: 'Cost the previous period.' })
  previousCost: Decimal;

  @Field(() => DecimalScalar, { description: 'currentCost − previousCost.' })
  costChange: Decimal;

  @Field(() => Float, { nullable: true, description: 'Change of cost in percent; null when the previous period spent nothing.' })
  costChangePercent: number | null;

  @Field(() => SafeIntResolver, { description: 'Requests this period.' })
  currentRequests: number;

  @Field(() => SafeIntResolver, { description: 'Requests the previous period.' })
  previousRequests: number;

  @Field(() => Float, { nullable: true, description: 'Change of requests in percent; null when the previous period had none.' })
  requestsChangePercent: number | null;
}

@ObjectType({ description: 'This period against the previous one: the previous whole months for a range of whole months, otherwise the same length just before.' })
export class ReportComparison {
  @Field({ description: 'Start of the previous period.' })
  previousFrom: Date;

  @Field({ description: 'End of the previous period (the start of this one).' })
  previousTo: Date;

  @Field(() => [ComparisonRow], { description: 'Per group, largest current cost first.' })
  rows: ComparisonRow[];

  @Field(() => [ComparisonRow], { description: 'Per currency.' })
  totals: ComparisonRow[];
}

@ObjectType({ description: 'Where the cost of a range still running is heading.' })
export class ReportProjection {
  @Field({ description: 'Currency.' })
  currency: string;

  @Field(() => ForecastMethodEnum, { description: 'Forecast method used for the rest of the range.' })
  method: ForecastMethodEnum;

  @Field(() => Int, { description: 'Days of history the method was fitted on.' })
  historyDays: number;

  @Field(() => DecimalScalar, { description: 'Cost so far.' })
  actualToDate: Decimal;

  @Field(() => ForecastFigure, { description: 'Cost so far plus the expected rest of the range, with its p10–p90 range.' })
  projectedTotal: ForecastFigure;
}
