import type Decimal from 'decimal.js';
import type { ReportDimension } from '@tollgate/db';
import { Field, Float, ID, ObjectType } from 'type-graphql';
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
