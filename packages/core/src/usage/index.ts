export * from './latency-histogram';
export * from './usage-category';
