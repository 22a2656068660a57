export * from './alert.service';
