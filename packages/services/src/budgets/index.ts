export * from './budget.input';
export * from './budget-view';
export * from './budget-windows';
export * from './budget.service';
export * from './validate-budget';
