export * from './applicable-limits';
export * from './authorize-usage.input';
export * from './authorize-usage.service';
export * from './book-usage.service';
export * from './counter-rebuilder';
export * from './reconcile-counters.service';
export * from './validate-authorize-input';
export * from './watch-redis-epochs';
