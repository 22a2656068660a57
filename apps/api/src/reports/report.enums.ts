import { REPORT_DIMENSIONS, type ReportDimension } from '@tollgate/db';
import { registerEnumType } from 'type-graphql';

export const ReportDimensionEnum = Object.fromEntries(REPORT_DIMENSIONS.map((d) => [d, d])) as { [D in ReportDimension]: D };
registerEnumType(ReportDimensionEnum, { name: 'ReportDimension', description: 'What report rows are grouped by. TAG groups by the value of tagKey.' });

export enum ReportIntervalEnum {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(ReportIntervalEnum, { name: 'ReportInterval', description: "Bucket size, counted in the organization's time zone (weeks start on Monday)." });

export enum ExportFormatEnum {
  CSV = 'CSV',
  JSON = 'JSON',
  MARKDOWN = 'MARKDOWN',
}
registerEnumType(ExportFormatEnum, { name: 'ExportFormat', description: 'File format of an export.' });

export enum ReportSourceEnum {
  ROLLUPS = 'ROLLUPS',
  EVENTS = 'EVENTS',
}
registerEnumType(ReportSourceEnum, {
  name: 'ReportSource',
  description: 'ROLLUPS: 15-minute aggregates (fast; p95 estimated within a histogram bucket). EVENTS: raw events (exact), used for user, session and tag grouping or ranges not on quarter hours.',
});
