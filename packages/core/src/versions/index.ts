export * from './select-in-force';
