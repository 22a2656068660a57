export * from './model-price.input';
export * from './pricing.service';
export * from './validate-model-price';
export * from './price-resolver';
export * from './fx-rates';
