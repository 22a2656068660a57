import type { ReportDimension } from '@tollgate/db';
import { ROLES, type UsageReport as ServiceReport, type UsageReportArgs } from '@tollgate/services';
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ExportFormatEnum, ReportDimensionEnum, ReportIntervalEnum, ReportSectionEnum } from './report.enums';
import { TimeRangeInput, UsageFilterInput } from './report.inputs';
import { ReportComparison, ReportExport, ReportProjection, TrendSeries, UsageReport } from './report.types';

const argsOf = (range: TimeRangeInput, groupBy?: ReportDimension[] | null, tagKey?: string | null, interval?: ReportIntervalEnum | null, filter?: UsageFilterInput | null): UsageReportArgs => ({
  from: range.from,
  to: range.to,
  groupBy,
  tagKey,
  interval,
  filter,
});

@Resolver(() => UsageReport)
export class ReportsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => UsageReport, { description: "Usage by group and time bucket in the organization's time zone." })
  usageReport(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('range', () => TimeRangeInput, { description: 'Time range.' }) range: TimeRangeInput,
    @Arg('groupBy', () => [ReportDimensionEnum], { nullable: true, description: 'Dimensions to group by.' }) groupBy?: ReportDimension[] | null,
    @Arg('tagKey', () => String, { nullable: true, description: 'Tag to group by, with TAG.' }) tagKey?: string | null,
    @Arg('interval', () => ReportIntervalEnum, { nullable: true, description: 'Bucket size; one bucket when omitted.' }) interval?: ReportIntervalEnum | null,
    @Arg('filter', () => UsageFilterInput, { nullable: true, description: 'Which usage to include.' }) filter?: UsageFilterInput | null,
  ): Promise<UsageReport> {
    return app.reports.usageReport(principal, argsOf(range, groupBy, tagKey, interval, filter)) as Promise<UsageReport>;
  }

  @Authorized(...ROLES.readers)
  @Query(() => ReportExport, { description: 'The same report as a CSV, JSON or Markdown file body.' })
  exportReport(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('format', () => ExportFormatEnum, { description: 'File format.' }) format: ExportFormatEnum,
    @Arg('range', () => TimeRangeInput, { description: 'Time range.' }) range: TimeRangeInput,
    @Arg('groupBy', () => [ReportDimensionEnum], { nullable: true, description: 'Dimensions to group by.' }) groupBy?: ReportDimension[] | null,
    @Arg('tagKey', () => String, { nullable: true, description: 'Tag to group by, with TAG.' }) tagKey?: string | null,
    @Arg('interval', () => ReportIntervalEnum, { nullable: true, description: 'Bucket size.' }) interval?: ReportIntervalEnum | null,
    @Arg('filter', () => UsageFilterInput, { nullable: true, description: 'Which usage to include.' }) filter?: UsageFilterInput | null,
    @Arg('sections', () => [ReportSectionEnum], { defaultValue: ['ROWS'], description: 'Parts to include: ROWS, TREND, COMPARISON, PROJECTION (a CSV holds one).' }) sections?: ReportSectionEnum[],
  ): Promise<ReportExport> {
    return app.reports.exportReport(principal, argsOf(range, groupBy, tagKey, interval, filter), format, sections) as Promise<ReportExport>;
  }

  @FieldResolver(() => [TrendSeries], { description: "Cost of each group bucket by bucket over the report's interval (days when it has none), with its least-squares direction." })
  trend(@Root() report: UsageReport, @Ctx() { app }: GraphQLContext) {
    return app.reports.trend(report as unknown as ServiceReport);
  }

  @FieldResolver(() => ReportComparison, { description: 'This range against the previous one, per group and in total: absolute and percent change.' })
  comparison(@Root() report: UsageReport, @Ctx() { app }: GraphQLContext) {
    return app.reports.comparison(report as unknown as ServiceReport);
  }

  @FieldResolver(() => [ReportProjection], { description: 'For a range still running: cost so far plus a forecast of the rest, per currency. Empty for a range that has ended or not begun.' })
  projection(@Root() report: UsageReport, @Ctx() { app }: GraphQLContext) {
    return app.reports.projection(report as unknown as ServiceReport);
  }
}
