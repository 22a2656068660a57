import type { ReportDimension } from '@tollgate/db';
import type { ReportGroup, ReportMetrics, UsageReport } from './usage-report';

export type ExportFormat = 'CSV' | 'JSON' | 'MARKDOWN';

export interface ReportExport {
  format: ExportFormat;
  contentType: string;
  filename: string;
  body: string;
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

function table(report: UsageReport): { header: string[]; rows: string[][] } {
  const groups = report.groupBy.map((d) => GROUP_COLUMNS[d]);
  const header = ['bucket_start', 'currency', ...groups.map(([name]) => name), ...METRIC_COLUMNS.map(([name]) => name)];
  const rows = report.rows.map((row) => [
    row.bucketStart.toISOString(),
    row.currency,
    ...groups.map(([, field]) => row.group[field] ?? ''),
    ...METRIC_COLUMNS.map(([, value]) => value(row)),
  ]);
  return { header, rows };
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const markdownCell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Decimals serialize through their own toJSON (plain notation with our Dec settings), dates as ISO strings. */
const toJson = (report: UsageReport) => JSON.stringify(report, null, 2);

/** The report as a file body: RFC 4180 CSV, JSON (decimals as strings) or a Markdown table with totals. */
export function exportReport(report: UsageReport, format: ExportFormat): ReportExport {
  const stem = `usage-${report.from.toISOString().slice(0, 10)}-${report.to.toISOString().slice(0, 10)}`;
  if (format === 'JSON') return { format, contentType: 'application/json', filename: `${stem}.json`, body: toJson(report) };
  const { header, rows } = table(report);
  if (format === 'CSV') {
    const body = [header, ...rows].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
    return { format, contentType: 'text/csv', filename: `${stem}.csv`, body };
  }
  const lines = [
    `# Usage ${report.from.toISOString()} – ${report.to.toISOString()} (${report.timezone})`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
    '',
    '## Totals',
    '',
    `| currency | ${METRIC_COLUMNS.map(([name]) => name).join(' | ')} |`,
    `| --- | ${METRIC_COLUMNS.map(() => '---').join(' | ')} |`,
    ...report.totals.map((t) => `| ${t.currency} | ${METRIC_COLUMNS.map(([, value]) => value(t)).join(' | ')} |`),
  ];
  return { format, contentType: 'text/markdown', filename: `${stem}.md`, body: `${lines.join('\n')}\n` };
}
