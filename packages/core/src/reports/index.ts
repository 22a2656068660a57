export * from './linear-trend';
