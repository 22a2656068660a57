import { SeededRandom } from '../random/seeded-random';

/** A synthetic daily spend series with known generating parameters, for accuracy tests. */
export interface SyntheticMonth {
  /** Days before the month plus the month's days. */
  values: number[];
  /** The noise-free mean of every day in `values`. */
  means: number[];
  /** Days of history before the month starts. */
  priorDays: number;
  monthLength: number;
  /** Relative noise sigma: value = mean * (1 + noise * z). */
  noise: number;
}

const uniform = (rng: SeededRandom, lo: number, hi: number) => lo + (hi - lo) * rng.next();

/** A weekly shape averaging 1: weekdays around 1, two weekend days at a random lower factor. */
function weeklyShape(rng: SeededRandom): number[] {
  const weekend = uniform(rng, 0.3, 0.9);
  const raw = Array.from({ length: 7 }, (_, day) => (day >= 5 ? weekend : 1) * uniform(rng, 0.85, 1.15));
  const mean = raw.reduce((sum, x) => sum + x, 0) / 7;
  return raw.map((x) => x / mean);
}

/**
 * Level log-uniform in 10..10,000, linear trend of -1%..+2% of the level per day, weekly shape,
 * multiplicative Gaussian noise with sigma 5%..20%, 30..60 prior days and a 28..31 day month.
 */
export function syntheticMonth(rng: SeededRandom): SyntheticMonth {
  const level = 10 ** uniform(rng, 1, 4);
  const slope = uniform(rng, -0.01, 0.02);
  const shape = weeklyShape(rng);
  const noise = uniform(rng, 0.05, 0.2);
  const priorDays = rng.int(30, 60);
  const monthLength = rng.int(28, 31);
  const firstWeekday = rng.int(0, 6);
  const means: number[] = [];
  const values: number[] = [];
  for (let t = 0; t < priorDays + monthLength; t++) {
    const mean = level * (1 + slope * t) * (shape[(t + firstWeekday) % 7] ?? 1);
    means.push(mean);
    values.push(Math.max(0, mean * (1 + noise * rng.normal())));
  }
  return { values, means, priorDays, monthLength, noise };
}
