export * from './usage.input';
export * from './usage.service';
export * from './credit-settings';
export * from './price-usage-event';
export * from './request-hash';
export * from './validate-usage-input';
export * from './usage-events.service';
export * from './credits.service';
