export * from './charge-model';
export * from './compute-charge';
export * from './allocate';
export * from './prorate';
export * from './invoice-totals';
export * from './billing-period';
export * from './chargeback';
