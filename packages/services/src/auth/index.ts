export * from './principal';
export * from './api-key-format';
export * from './auth.service';
export * from './key-revocations';
