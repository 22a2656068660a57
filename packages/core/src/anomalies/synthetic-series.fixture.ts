import type { SeededRandom } from '../random/seeded-random';
import { DAY_HOURS, WEEK_HOURS } from './hour-expectation';

/** An injected burst: `hours` consecutive hours from `start` multiplied by `factor`. */
export interface InjectedSpike {
  start: number;
  hours: number;
  factor: number;
}

/** An injected lasting rise: every hour from `onset` to the end multiplied by `factor`. */
export interface InjectedShift {
  onset: number;
  factor: number;
}

/** A synthetic hourly spend series and the anomalies injected into it. */
export interface SyntheticSeries {
  values: number[];
  spikes: InjectedSpike[];
  shift: InjectedShift | null;
  /** The generating parameters, for diagnosing a miss. */
  base: number;
  sigma: number;
}

const uniform = (random: SeededRandom, min: number, max: number) => min + (max - min) * random.next();

/** Business hours busier: a half-sine bump from 07:00 to 19:00 on top of the night level. */
const businessBump = (hourOfDay: number) => (hourOfDay > 7 && hourOfDay < 19 ? Math.sin((Math.PI * (hourOfDay - 7)) / 12) : 0);

/**
 * One series of 6-8 weeks: log-uniform base level (0.5-500 per hour), business-hours cycle,
 * lower weekends, log-normal noise, occasional zero hours when small, and anomalies
 * (1-3 hour spikes of 3-10x, maybe one lasting x2-x4 shift) only from hour `cleanHours` on.
 */
export function syntheticSeries(random: SeededRandom, cleanHours: number): SyntheticSeries {
  const length = random.int(6, 8) * WEEK_HOURS;
  const base = Math.exp(uniform(random, Math.log(0.5), Math.log(500)));
  const dailyAmplitude = uniform(random, 0.5, 4);
  const weekendFactor = 1 - uniform(random, 0.2, 0.7);
  const sigma = uniform(random, 0.05, 0.25);
  const zeroProbability = base < 5 ? uniform(random, 0.01, 0.08) : 0;
  const firstHourOfWeek = random.int(0, WEEK_HOURS - 1);

  const shift = random.next() < 0.5 ? { onset: random.int(cleanHours + DAY_HOURS, length - 2 * DAY_HOURS), factor: uniform(random, 2, 4) } : null;
  const spikes: InjectedSpike[] = [];
  const spikeCount = random.int(2, 4);
  // Keeps events apart so each one is judged on its own.
  const clear = (start: number, hours: number) =>
    spikes.every((s) => start + hours + 36 <= s.start || s.start + s.hours + 36 <= start) &&
    (shift === null || start + hours + 36 <= shift.onset || shift.onset + 36 <= start);
  for (let attempt = 0; spikes.length < spikeCount && attempt < 100; attempt++) {
    const hours = random.int(1, 3);
    const start = random.int(cleanHours, length - hours);
    if (clear(start, hours)) spikes.push({ start, hours, factor: uniform(random, 3, 10) });
  }

  const values: number[] = [];
  for (let t = 0; t < length; t++) {
    const hourOfWeek = (firstHourOfWeek + t) % WEEK_HOURS;
    const weekly = hourOfWeek >= 5 * DAY_HOURS ? weekendFactor : 1;
    let value = base * (1 + dailyAmplitude * businessBump(hourOfWeek % DAY_HOURS)) * weekly * Math.exp(sigma * random.normal());
    if (shift !== null && t >= shift.onset) value *= shift.factor;
    const spike = spikes.find((s) => t >= s.start && t < s.start + s.hours);
    if (spike !== undefined) value *= spike.factor;
    // A runaway loop spends even in an hour that would have been idle, so spikes are never zeroed.
    else if (random.next() < zeroProbability) value = 0;
    values.push(value);
  }
  return { values, spikes, shift, base, sigma };
}
