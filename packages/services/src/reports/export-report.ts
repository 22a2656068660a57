import type { ReportDimension } from '@tollgate/db';
import { badInput } from '@tollgate/core';
import type { ReportComparison, ReportProjection, TrendSeries } from './report-insights';
import type { ReportGroup, ReportMetrics, UsageReport } from './usage-report';

export type ExportFormat = 'CSV' | 'JSON' | 'MARKDOWN';
export type ReportSection = 'ROWS' | 'TREND' | 'COMPARISON' | 'PROJECTION';

export interface ReportExport {
  format: ExportFormat;
  contentType: string;
  filename: string;
  body: string;
}

/** The parts of a report beyond its rows, present when their section is exported. */
export interface ReportInsights {
  trend?: TrendSeries[];
  comparison?: ReportComparison;
  projection?: ReportProjection[];
}

interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

const GROUP_COLUMNS: Record<ReportDimension, [string, keyof ReportGroup]> = {
  PROVIDER: ['provider', 'provider'],
  MODEL: ['model', 'model'],
  PROJECT: ['project_id', 'projectId'],
  USER: ['user_id', 'userId'],
  SESSION: ['session_id', 'sessionId'],
  CATEGORY: ['category', 'category'],
  FEATURE: ['feature', 'feature'],
  TAG: ['tag_value', 'tagValue'],
};

const METRIC_COLUMNS: Array<[string, (m: ReportMetrics) => string]> = [
  ['requests', (m) => String(m.requests)],
  ['errors', (m) => String(m.errors)],
  ['error_rate', (m) => String(m.errorRate)],
  ['cost', (m) => m.cost.toFixed()],
  ['credits', (m) => m.credits.toFixed()],
  ['input_tokens', (m) => String(m.inputTokens)],
  ['output_tokens', (m) => String(m.outputTokens)],
  ['cache_read_tokens', (m) => String(m.cacheReadTokens)],
  ['cache_write_tokens', (m) => String(m.cacheWriteTokens)],
  ['reasoning_tokens', (m) => String(m.reasoningTokens)],
  ['embedding_tokens', (m) => String(m.embeddingTokens)],
  ['image_count', (m) => String(m.imageCount)],
  ['avg_latency_ms', (m) => (m.avgLatencyMs === null ? '' : String(m.avgLatencyMs))],
  ['p95_latency_ms', (m) => (m.p95LatencyMs === null ? '' : String(m.p95LatencyMs))],
];

const optional = (value: number | null) => (value === null ? '' : String(value));

function tables(report: UsageReport, sections: readonly ReportSection[], insights: ReportInsights): Table[] {
  const groups = report.groupBy.map((d) => GROUP_COLUMNS[d]);
  const groupNames = groups.map(([name]) => name);
  const groupCells = (group: ReportGroup) => groups.map(([, field]) => group[field] ?? '');
  const build: Record<ReportSection, () => Table> = {
    ROWS: () => ({
      title: 'Rows',
      header: ['bucket_start', 'currency', ...groupNames, ...METRIC_COLUMNS.map(([name]) => name)],
      rows: report.rows.map((row) => [row.bucketStart.toISOString(), row.currency, ...groupCells(row.group), ...METRIC_COLUMNS.map(([, value]) => value(row))]),
    }),
    TREND: () => ({
      title: 'Trend',
      header: ['bucket_start', 'currency', ...groupNames, 'cost', 'credits', 'requests', 'tokens', 'series_cost_slope_percent'],
      rows: (insights.trend ?? []).flatMap((series) =>
        series.points.map((p) => [p.bucketStart.toISOString(), series.currency, ...groupCells(series.group), p.cost.toFixed(), p.credits.toFixed(), String(p.requests), String(p.tokens), optional(series.costSlopePercent)]),
      ),
    }),
    COMPARISON: () => ({
      title: insights.comparison ? `Comparison with ${insights.comparison.previousFrom.toISOString()} – ${insights.comparison.previousTo.toISOString()}` : 'Comparison',
      header: ['currency', ...groupNames, 'current_cost', 'previous_cost', 'cost_change', 'cost_change_percent', 'current_requests', 'previous_requests', 'requests_change_percent'],
      rows: (insights.comparison?.rows ?? []).map((row) => [
        row.currency,
        ...groupCells(row.group),
        row.currentCost.toFixed(),
        row.previousCost.toFixed(),
        row.costChange.toFixed(),
        optional(row.costChangePercent),
        String(row.currentRequests),
        String(row.previousRequests),
        optional(row.requestsChangePercent),
      ]),
    }),
    PROJECTION: () => ({
      title: 'Projection',
      header: ['currency', 'method', 'history_days', 'actual_to_date', 'projected_total', 'projected_p10', 'projected_p90'],
      rows: (insights.projection ?? []).map((p) => [p.currency, p.method, String(p.historyDays), p.actualToDate.toFixed(), p.projectedTotal.mean.toFixed(), p.projectedTotal.p10.toFixed(), p.projectedTotal.p90.toFixed()]),
    }),
  };
  return sections.map((section) => build[section]());
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const markdownCell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const markdownTable = (header: string[], rows: string[][]) => [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`)];

/** Decimals serialize through their own toJSON (plain notation with our Dec settings), dates as ISO strings. */
const toJson = ({ query: _query, ...report }: UsageReport, sections: readonly ReportSection[], insights: ReportInsights) =>
  JSON.stringify({ ...(sections.includes('ROWS') ? report : { from: report.from, to: report.to, timezone: report.timezone, groupBy: report.groupBy }), ...insights }, null, 2);

/**
 * The report as a file body: RFC 4180 CSV (one section: one table), JSON
 * (decimals as strings) or Markdown (each section a table; rows with totals).
 */
export function exportReport(report: UsageReport, format: ExportFormat, sections: readonly ReportSection[] = ['ROWS'], insights: ReportInsights = {}): ReportExport {
  if (sections.length === 0 || new Set(sections).size !== sections.length) throw badInput('sections must name each section once', 'INVALID_SECTIONS', { field: 'sections' });
  const suffix = sections.length === 1 && sections[0] !== 'ROWS' ? `-${sections[0]!.toLowerCase()}` : '';
  const stem = `usage-${report.from.toISOString().slice(0, 10)}-${report.to.toISOString().slice(0, 10)}${suffix}`;
  if (format === 'JSON') return { format, contentType: 'application/json', filename: `${stem}.json`, body: toJson(report, sections, insights) };
  const parts = tables(report, sections, insights);
  if (format === 'CSV') {
    if (parts.length !== 1) throw badInput('A CSV file holds one section; export the others separately or as JSON or MARKDOWN', 'INVALID_SECTIONS', { field: 'sections' });
    const { header, rows } = parts[0]!;
    const body = [header, ...rows].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
    return { format, contentType: 'text/csv', filename: `${stem}.csv`, body };
  }
  const lines = [`# Usage ${report.from.toISOString()} – ${report.to.toISOString()} (${report.timezone})`];
  for (const part of parts) {
    lines.push('', `## ${part.title}`, '', ...markdownTable(part.header, part.rows));
    if (part.title === 'Rows') {
      const totals = report.totals.map((t) => [t.currency, ...METRIC_COLUMNS.map(([, value]) => value(t))]);
      lines.push('', '## Totals', '', ...markdownTable(['currency', ...METRIC_COLUMNS.map(([name]) => name)], totals));
    }
  }
  return { format, contentType: 'text/markdown', filename: `${stem}.md`, body: `${lines.join('\n')}\n` };
}
