export * from './charge-definition';
export * from './plan.service';
export * from './billing.service';
export * from './invoice-calculator';
export * from './render-invoice';
export * from './chargeback.service';
