export * from './app-context';
