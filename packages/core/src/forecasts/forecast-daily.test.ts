import fc from 'fast-check';
import { SeededRandom } from '../random/seeded-random';
import { forecastDaily } from './forecast-daily';

/** `weeks` weeks of a weekday/weekend pattern (5 days at `weekday`, 2 at `weekend`), optionally with a daily trend. */
function weekly(weeks: number, weekday: number, weekend: number, trendPerDay = 0): number[] {
  return Array.from({ length: weeks * 7 }, (_, t) => (t % 7 < 5 ? weekday : weekend) + trendPerDay * t);
}

function noisy(days: number, seed: number): number[] {
  const rng = new SeededRandom(seed);
  return weekly(days / 7, 100, 40).map((x) => x * (1 + 0.15 * rng.normal()));
}

describe('forecastDaily method choice', () => {
  it('picks the method by how much history there is', () => {
    expect(forecastDaily([], { horizon: 3 }).method).toBe('NO_HISTORY');
    expect(forecastDaily([0, 0, 0, 0], { horizon: 3 }).method).toBe('NO_HISTORY');
    expect(forecastDaily([5], { horizon: 3 }).method).toBe('RUN_RATE');
    expect(forecastDaily(noisy(14, 1).slice(0, 13), { horizon: 3 }).method).toBe('RUN_RATE');
    const hw = forecastDaily(noisy(14, 1), { horizon: 3 });
    expect(hw.method).toMatch(/^HOLT_WINTERS/);
    expect(hw.parameters).not.toBeNull();
    expect(forecastDaily([1, 2, 3, 4, 5], { horizon: 3, seasonLength: 3 }).method).toBe('RUN_RATE');
    expect(forecastDaily([1, 2, 3, 4, 5, 6], { horizon: 3, seasonLength: 3 }).method).toMatch(/^HOLT_WINTERS/);
  });

  it('reports fitted parameters inside their admissible ranges', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { alpha, beta, gamma, phi } = forecastDaily(noisy(56, seed), { horizon: 7 }).parameters!;
      expect(alpha).toBeGreaterThanOrEqual(0.05);
      expect(alpha).toBeLessThanOrEqual(0.9);
      expect(beta).toBeGreaterThanOrEqual(0);
      expect(beta).toBeLessThanOrEqual(Math.min(0.3, alpha));
      expect(gamma).toBeGreaterThanOrEqual(0);
      expect(gamma).toBeLessThanOrEqual(Math.min(0.5, 1 - alpha));
      expect(phi).toBeGreaterThanOrEqual(0.8);
      expect(phi).toBeLessThanOrEqual(1);
    }
  });
});

describe('forecastDaily with no history', () => {
  it('forecasts zero with certainty', () => {
    const forecast = forecastDaily([0, 0], { horizon: 4 });
    expect(forecast.parameters).toBeNull();
    expect(forecast.days).toEqual(new Array(4).fill({ mean: 0, p10: 0, p90: 0 }));
    expect(forecast.total([1, 1, 1, 1])).toEqual({ mean: 0, p10: 0, p90: 0 });
    expect(forecast.probabilityAbove(0, [1, 1], 0)).toBe(0);
    expect(forecast.probabilityAbove(10, [1, 1], 9.99)).toBe(1);
  });
});

describe('forecastDaily point forecasts', () => {
  it('forecasts a constant series as that constant with a tight interval', () => {
    for (const history of [new Array(28).fill(250), new Array(5).fill(250)]) {
      const forecast = forecastDaily(history, { horizon: 10 });
      for (const day of forecast.days) {
        expect(day.mean).toBeCloseTo(250, 6);
        expect(day.p90 - day.p10).toBeLessThan(0.01);
      }
    }
  });

  it('reproduces a noise-free weekly pattern within 1%', () => {
    const history = weekly(6, 120, 35);
    const forecast = forecastDaily(history, { horizon: 14 });
    forecast.days.forEach((day, i) => {
      const expected = (history.length + i) % 7 < 5 ? 120 : 35;
      expect(Math.abs(day.mean - expected) / expected).toBeLessThan(0.01);
    });
  });

  it('reproduces a noise-free weekly pattern on a linear trend within 1%', () => {
    const history = weekly(8, 200, 60, 1.5);
    const forecast = forecastDaily(history, { horizon: 21 });
    forecast.days.forEach((day, i) => {
      const t = history.length + i;
      const expected = (t % 7 < 5 ? 200 : 60) + 1.5 * t;
      expect(Math.abs(day.mean - expected) / expected).toBeLessThan(0.01);
    });
  });

  it('uses the mean of the last 7 days as the run rate', () => {
    const forecast = forecastDaily([1000, 1000, 10, 20, 30, 40, 50, 60, 70], { horizon: 2 });
    expect(forecast.days[0]!.mean).toBeCloseTo(40, 0);
    expect(forecast.days[0]!.p10).toBeLessThan(40);
    expect(forecast.days[0]!.p90).toBeGreaterThan(40);
    const single = forecastDaily([80], { horizon: 1 }).days[0]!;
    // One day: an assumed 50% spread, so a wide interval around 80.
    expect(single.p10).toBeLessThan(50);
    expect(single.p90).toBeGreaterThan(110);
  });

  it('never forecasts negative spend, even for a collapsing series', () => {
    const history = Array.from({ length: 35 }, (_, t) => Math.max(0, 1000 - 30 * t));
    const forecast = forecastDaily(history, { horizon: 30 });
    for (const day of forecast.days) expect(day.p10).toBeGreaterThanOrEqual(0);
    expect(forecast.days[29]!.mean).toBeLessThan(100);
  });

  it('widens the interval with the horizon', () => {
    const days = forecastDaily(noisy(56, 3), { horizon: 28 }).days;
    expect(days[27]!.p90 - days[27]!.p10).toBeGreaterThan(days[0]!.p90 - days[0]!.p10);
  });
});

describe('forecastDaily totals and probabilities', () => {
  const forecast = forecastDaily(noisy(49, 7), { horizon: 17 });
  const weights = [0.4, ...new Array(16).fill(1)];

  it('totals weighted days consistently with the daily means', () => {
    const total = forecast.total(weights);
    const fromDays = weights.reduce((sum, w, i) => sum + w * forecast.days[i]!.mean, 0);
    // Both read the same paths, so the means agree up to rounding.
    expect(total.mean).toBeCloseTo(fromDays, 6);
    expect(total.p10).toBeLessThan(total.mean);
    expect(total.p90).toBeGreaterThan(total.mean);
    // The total's spread is narrower than summing daily spreads (days are not perfectly correlated).
    const summedSpread = weights.reduce((sum, w, i) => sum + w * (forecast.days[i]!.p90 - forecast.days[i]!.p10), 0);
    expect(total.p90 - total.p10).toBeLessThan(summedSpread);
    expect(forecast.total([0, 1]).mean).toBeCloseTo(forecast.days[1]!.mean, 6);
    expect(forecast.total([])).toEqual({ mean: 0, p10: 0, p90: 0 });
  });

  it('rejects more weights than forecast days', () => {
    expect(() => forecast.total(new Array(18).fill(1))).toThrow(RangeError);
    expect(() => forecast.probabilityAbove(0, new Array(18).fill(1), 0)).toThrow(RangeError);
  });

  it('has a probability of exceeding that falls as the threshold rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const pLow = forecast.probabilityAbove(100, weights, low);
        const pHigh = forecast.probabilityAbove(100, weights, high);
        expect(pLow).toBeGreaterThanOrEqual(pHigh);
        expect(pHigh).toBeGreaterThanOrEqual(0);
        expect(pLow).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is 1 below every path, 0 above every path, and 0.9 / 0.1 at the p10 / p90 of the total', () => {
    expect(forecast.probabilityAbove(100, weights, 99.99)).toBe(1);
    expect(forecast.probabilityAbove(100, weights, 1e9)).toBe(0);
    const total = forecast.total(weights);
    expect(forecast.probabilityAbove(0, weights, total.p10)).toBeCloseTo(0.9, 2);
    expect(forecast.probabilityAbove(0, weights, total.p90)).toBeCloseTo(0.1, 2);
  });
});

describe('forecastDaily determinism and validation', () => {
  it('gives the same answer for the same input and seed', () => {
    const history = noisy(42, 11);
    const run = (seed?: number) => {
      const forecast = forecastDaily(history, { horizon: 10, seed });
      return { days: forecast.days, total: forecast.total(new Array(10).fill(1)), parameters: forecast.parameters };
    };
    expect(run()).toEqual(run());
    expect(run(42)).toEqual(run(42));
    expect(run(42).total.p10).not.toBe(run(43).total.p10);
  });

  it('rejects bad options and history with a RangeError naming the problem', () => {
    const history = [1, 2, 3];
    expect(() => forecastDaily(history, { horizon: 0 })).toThrow(new RangeError('Forecast horizon must be an integer 1..400, got 0'));
    expect(() => forecastDaily(history, { horizon: 401 })).toThrow(/horizon/);
    expect(() => forecastDaily(history, { horizon: 2.5 })).toThrow(/horizon/);
    expect(() => forecastDaily(history, { horizon: Number.NaN })).toThrow(/horizon/);
    expect(() => forecastDaily(history, { horizon: 5, samples: 99 })).toThrow(/samples/);
    expect(() => forecastDaily(history, { horizon: 5, samples: 20_001 })).toThrow(/samples/);
    expect(() => forecastDaily(history, { horizon: 5, seasonLength: 1 })).toThrow(/seasonLength/);
    expect(() => forecastDaily(history, { horizon: 5, seasonLength: 7.5 })).toThrow(/seasonLength/);
    expect(() => forecastDaily([1, Number.NaN], { horizon: 5 })).toThrow(/history\[1\]/);
    expect(() => forecastDaily([], { horizon: 0 })).toThrow(RangeError);
    expect(forecastDaily(history, { horizon: 400, samples: 100 }).days).toHaveLength(400);
  });
});
