import { REPORT_DIMENSIONS } from '@tollgate/db';
import { graphqlEnum } from '../schema/graphql-enum';

export const ReportDimensionEnum = graphqlEnum('ReportDimension', REPORT_DIMENSIONS, 'What report rows are grouped by. TAG groups by the value of tagKey.');

export const ReportIntervalEnum = graphqlEnum(
  'ReportInterval',
  ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const,
  "Bucket size, counted in the organization's time zone (weeks start on Monday).",
);

export const ExportFormatEnum = graphqlEnum('ExportFormat', ['CSV', 'JSON', 'MARKDOWN'] as const, 'File format of an export.');

export const ReportSectionEnum = graphqlEnum(
  'ReportSection',
  ['ROWS', 'TREND', 'COMPARISON', 'PROJECTION'] as const,
  'A part of a report to export: the rows, the trend series, the comparison with the previous period, the projection.',
);

export const ReportSourceEnum = graphqlEnum(
  'ReportSource',
  ['ROLLUPS', 'EVENTS'] as const,
  'ROLLUPS: 15-minute aggregates (fast; p95 estimated within a histogram bucket). EVENTS: raw events (exact), used for user, session and tag grouping or ranges not on quarter hours.',
);

export type ReportDimensionEnum = (typeof ReportDimensionEnum)[keyof typeof ReportDimensionEnum];
export type ReportIntervalEnum = (typeof ReportIntervalEnum)[keyof typeof ReportIntervalEnum];
export type ExportFormatEnum = (typeof ExportFormatEnum)[keyof typeof ExportFormatEnum];
export type ReportSectionEnum = (typeof ReportSectionEnum)[keyof typeof ReportSectionEnum];
export type ReportSourceEnum = (typeof ReportSourceEnum)[keyof typeof ReportSourceEnum];
