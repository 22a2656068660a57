export * from './errors';
export * from './money';
export * from './pricing';
export * from './time';
