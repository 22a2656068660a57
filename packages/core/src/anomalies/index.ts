export * from './types';
export * from './score-hour';
export * from './scan-series';
export { median, medianAbsoluteDeviation, MAD_TO_SIGMA } from './robust-statistics';
