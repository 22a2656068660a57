export * from './token-totals';
export * from './base-token-cost';
export * from './cheaper-model';
export * from './prompt-cache-savings';
export * from './efficiency-score';
