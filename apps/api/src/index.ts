export * from './http/api-server';
export * from './schema/build-schema';
