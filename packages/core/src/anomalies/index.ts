export type { AnomalyMethod, AnomalyOptions, AnomalySeverity, HourScore } from './types';
export { scoreHour } from './score-hour';
export { scanSeries } from './scan-series';
