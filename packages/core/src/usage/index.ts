export * from './latency-histogram';
export * from './usage-category';
export * from './token-counts';
