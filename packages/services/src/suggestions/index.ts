export * from './cost-suggestions';
export * from './cost-suggestions.service';
