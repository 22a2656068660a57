export * from './charge-definition';
export * from './plan.service';
export * from './billing.service';
export * from './invoice-calculator';
export * from './render-invoice';
export * from './chargeback.service';
export * from './billing-settings.service';
export * from './billing-scheduler';
