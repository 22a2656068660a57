export * from './credit-rate';
export * from './price-credits';
