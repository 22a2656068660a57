export * from './anomaly.service';
export * from './spend-watch-scheduler';
