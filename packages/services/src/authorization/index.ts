export * from './authorize-usage.input';
export * from './authorization.service';
