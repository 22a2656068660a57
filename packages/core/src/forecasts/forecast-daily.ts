import { SeededRandom } from '../random/seeded-random';
import { fitHoltWinters } from './fit-holt-winters';
import { resolveForecastOptions, validateHistory } from './options';
import { forecastFromPaths, zeroForecast } from './path-forecast';
import { runRate, simulateRunRate } from './run-rate';
import { simulateHoltWinters } from './simulate-paths';
import type { DailyForecast, ForecastOptions } from './types';

/**
 * Forecasts daily spend after the last history day: damped additive Holt-Winters once there are
 * two full seasons to initialise it from, a recent run rate before that, zeros with no spend at all.
 * Deterministic for a given history and seed.
 */
export function forecastDaily(history: readonly number[], options: ForecastOptions): DailyForecast {
  const { horizon, seasonLength, samples, seed } = resolveForecastOptions(options);
  validateHistory(history);
  if (history.every((value) => value === 0)) return zeroForecast(horizon);
  const rng = new SeededRandom(seed);
  if (history.length < 2 * seasonLength) {
    return forecastFromPaths('RUN_RATE', null, simulateRunRate(runRate(history), horizon, samples, rng), horizon);
  }
  const fit = fitHoltWinters(history, seasonLength);
  const paths = simulateHoltWinters(fit, horizon, samples, rng);
  // The selection may keep the trend undamped (phi = 1); the name says which model it was.
  return forecastFromPaths(fit.parameters.phi < 1 ? 'HOLT_WINTERS_DAMPED' : 'HOLT_WINTERS', fit.parameters, paths, horizon);
}
