export * from './decimal';
export * from './currency';
export * from './round-to-minor-unit';
export * from './sum';
