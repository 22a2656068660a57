export * from './budget-scope';
export * from './budget-status';
export * from './nano-units';
