export * from './usage-report';
export * from './usage-report.service';
export * from './export-report';
export * from './report-insights';
