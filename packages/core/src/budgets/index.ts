export * from './budget-scope';
export * from './budget-status';
