export * from './period';
export * from './local-days';
export * from './previous-range';
export * from './interval-buckets';
