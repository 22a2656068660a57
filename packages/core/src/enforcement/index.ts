export * from './enforced-limit';
export * from './limit-from-definitions';
export * from './counter-units';
export * from './contribution';
