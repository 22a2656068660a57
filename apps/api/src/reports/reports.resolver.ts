import type { ReportDimension } from '@tollgate/db';
import { exportReport, ROLES, type UsageReportArgs } from '@tollgate/services';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ExportFormatEnum, ReportDimensionEnum, ReportIntervalEnum } from './report.enums';
import { TimeRangeInput, UsageFilterInput } from './report.inputs';
import { ReportExport, UsageReport } from './report.types';

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
  async exportReport(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('format', () => ExportFormatEnum, { description: 'File format.' }) format: ExportFormatEnum,
    @Arg('range', () => TimeRangeInput, { description: 'Time range.' }) range: TimeRangeInput,
    @Arg('groupBy', () => [ReportDimensionEnum], { nullable: true, description: 'Dimensions to group by.' }) groupBy?: ReportDimension[] | null,
    @Arg('tagKey', () => String, { nullable: true, description: 'Tag to group by, with TAG.' }) tagKey?: string | null,
    @Arg('interval', () => ReportIntervalEnum, { nullable: true, description: 'Bucket size.' }) interval?: ReportIntervalEnum | null,
    @Arg('filter', () => UsageFilterInput, { nullable: true, description: 'Which usage to include.' }) filter?: UsageFilterInput | null,
  ): Promise<ReportExport> {
    const report = await app.reports.usageReport(principal, argsOf(range, groupBy, tagKey, interval, filter));
    return exportReport(report, format) as ReportExport;
  }
}
