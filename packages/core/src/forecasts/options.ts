import type { ForecastOptions } from './types';

/** Options with every default filled in, after validation. */
export interface ResolvedForecastOptions {
  horizon: number;
  seasonLength: number;
  samples: number;
  seed: number;
}

/** Arbitrary but fixed, so callers who pass no seed still get reproducible answers. */
export const DEFAULT_FORECAST_SEED = 0x7011_6a7e;
/** Sample paths when not given: a multi-week total's p10/p90 then move ~0.2% between seeds, a single day's ~1%. */
export const DEFAULT_SAMPLES = 2000;
/** Weekly: LLM spend follows the working week. */
export const DEFAULT_SEASON_LENGTH = 7;

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = Number.isFinite(max) ? `${min}..${max}` : `>= ${min}`;
    throw new RangeError(`Forecast ${name} must be an integer ${range}, got ${value}`);
  }
}

/** Validates the options and fills in defaults; throws a RangeError naming the bad option. */
export function resolveForecastOptions(options: ForecastOptions): ResolvedForecastOptions {
  const resolved = {
    horizon: options.horizon,
    seasonLength: options.seasonLength ?? DEFAULT_SEASON_LENGTH,
    samples: options.samples ?? DEFAULT_SAMPLES,
    seed: options.seed ?? DEFAULT_FORECAST_SEED,
  };
  requireInteger('horizon', resolved.horizon, 1, 400);
  requireInteger('seasonLength', resolved.seasonLength, 2, Infinity);
  requireInteger('samples', resolved.samples, 100, 20_000);
  if (!Number.isFinite(resolved.seed)) throw new RangeError(`Forecast seed must be a finite number, got ${resolved.seed}`);
  return resolved;
}

/** Throws a RangeError unless every history value is a finite number. */
export function validateHistory(history: readonly number[]): void {
  const bad = history.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new RangeError(`Forecast history[${bad}] must be a finite number, got ${history[bad]}`);
}
