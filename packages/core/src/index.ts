export * from './errors';
export * from './money';
export * from './pricing';
export * from './time';
export * from './ledger';
export * from './credits';
export * from './versions';
export * from './usage';
