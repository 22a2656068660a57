export * from './charge-definition';
export * from './plan.service';
