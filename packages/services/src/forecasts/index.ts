export * from './forecast-view';
export * from './forecast-measure';
export * from './forecast.service';
