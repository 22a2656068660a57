export type { DailyForecast, ForecastInterval, ForecastMethod, ForecastOptions, HoltWintersParameters } from './types';
export { forecastDaily } from './forecast-daily';
