import fc from 'fast-check';
import { SeededRandom } from '../random/seeded-random';
import { scoreHour } from './score-hour';

const FOUR_WEEKS = 672;
const flat = (hours: number, value: number) => new Array<number>(hours).fill(value);

/** Hour t of a series busy in business hours (100/h at 09-17) and quiet at night (5/h), 10% noise. */
function dailyPattern(hours: number, seed = 1): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: hours }, (_, t) => {
    const hourOfDay = t % 24;
    return (hourOfDay >= 9 && hourOfDay < 17 ? 100 : 5) * Math.exp(0.1 * random.normal());
  });
}

describe('scoreHour', () => {
  it('does not judge with less than three days of history', () => {
    const result = scoreHour(flat(71, 2), 1000);
    expect(result).toEqual({ method: 'INSUFFICIENT_HISTORY', expected: 2, actual: 1000, score: 0, isAnomaly: false, severity: null });
    expect(scoreHour([], 5).expected).toBe(0);
  });

  it('uses the daily profile below two weeks and the weekly one from two weeks', () => {
    expect(scoreHour(flat(72, 1), 1).method).toBe('DAILY_PROFILE');
    expect(scoreHour(flat(335, 1), 1).method).toBe('DAILY_PROFILE');
    expect(scoreHour(flat(336, 1), 1).method).toBe('WEEKLY_PROFILE');
  });

  it('passes a normal value and flags a tenfold one on a flat, noiseless series', () => {
    const normal = scoreHour(flat(FOUR_WEEKS, 10), 10);
    expect(normal.isAnomaly).toBe(false);
    expect(normal.score).toBeCloseTo(0, 9);
    expect(normal.expected).toBeCloseTo(10, 9);
    const tenfold = scoreHour(flat(FOUR_WEEKS, 10), 100);
    expect(tenfold).toMatchObject({ method: 'WEEKLY_PROFILE', isAnomaly: true, severity: 'CRITICAL' });
  });

  it('does not make a small wobble of a perfectly flat series an anomaly', () => {
    expect(scoreHour(flat(FOUR_WEEKS, 10), 11).isAnomaly).toBe(false);
  });

  it('expects the busy hour to be busy but not the night hour', () => {
    const series = dailyPattern(FOUR_WEEKS + 24);
    const at = (t: number, actual: number) => scoreHour(series.slice(t - FOUR_WEEKS, t), actual);
    const noon = FOUR_WEEKS + 12;
    const night = FOUR_WEEKS + 3;
    expect(at(noon, 100).isAnomaly).toBe(false);
    expect(at(noon, 100).expected).toBeGreaterThan(80);
    expect(at(night, 100).isAnomaly).toBe(true);
    expect(at(night, 5).isAnomaly).toBe(false);
  });

  it('learns the daily pattern from a few days too', () => {
    const series = dailyPattern(5 * 24 + 24, 2);
    const at = (t: number, actual: number) => scoreHour(series.slice(t - 5 * 24, t), actual);
    expect(at(5 * 24 + 12, 100)).toMatchObject({ method: 'DAILY_PROFILE', isAnomaly: false });
    expect(at(5 * 24 + 3, 100)).toMatchObject({ method: 'DAILY_PROFILE', isAnomaly: true });
  });

  it('lets minExcess silence a large relative jump that is small in money', () => {
    const history = flat(FOUR_WEEKS, 0.02);
    expect(scoreHour(history, 0.2).isAnomaly).toBe(true);
    const quiet = scoreHour(history, 0.2, { minExcess: 1 });
    expect(quiet.isAnomaly).toBe(false);
    expect(quiet.severity).toBeNull();
    expect(quiet.score).toBeGreaterThan(4);
  });

  it('grades a score at or above criticalThreshold CRITICAL, and between the thresholds WARNING', () => {
    const history = flat(FOUR_WEEKS, 10);
    // On a flat series the noise floor (0.05 in log) rules: 14 is about 6 scales above 10.
    const warning = scoreHour(history, 14);
    expect(warning.score).toBeGreaterThan(4);
    expect(warning.score).toBeLessThan(8);
    expect(warning.severity).toBe('WARNING');
    expect(scoreHour(history, 14, { criticalThreshold: 5 }).severity).toBe('CRITICAL');
    expect(scoreHour(history, 14, { threshold: 7 }).isAnomaly).toBe(false);
  });

  it('flags spend after an all-zero history', () => {
    const result = scoreHour(flat(FOUR_WEEKS, 0), 50);
    expect(result).toMatchObject({ expected: 0, isAnomaly: true, severity: 'CRITICAL' });
    expect(scoreHour(flat(FOUR_WEEKS, 0), 0).isAnomaly).toBe(false);
  });

  it('never flags a drop', () => {
    const result = scoreHour(dailyPattern(FOUR_WEEKS, 3), 0);
    expect(result.score).toBeLessThan(0);
    expect(result.isAnomaly).toBe(false);
  });

  it('keeps flagging a spike right after another one', () => {
    const history = flat(FOUR_WEEKS, 10);
    history[FOUR_WEEKS - 3] = 100;
    history[FOUR_WEEKS - 2] = 100;
    expect(scoreHour(history, 100).isAnomaly).toBe(true);
  });

  it('flags the first hours of a lasting level shift, then takes it as the new normal', () => {
    const random = new SeededRandom(4);
    const series = Array.from({ length: FOUR_WEEKS + 48 }, (_, t) => (t >= FOUR_WEEKS ? 30 : 10) * Math.exp(0.05 * random.normal()));
    const at = (t: number) => scoreHour(series.slice(t - FOUR_WEEKS, t), series[t]!).isAnomaly;
    expect(at(FOUR_WEEKS)).toBe(true);
    expect(at(FOUR_WEEKS + 1)).toBe(true);
    expect(at(FOUR_WEEKS + 36)).toBe(false);
  });

  it('is not thrown off by idle hours in the history', () => {
    const random = new SeededRandom(5);
    const history = Array.from({ length: FOUR_WEEKS }, () => (random.next() < 0.1 ? 0 : 2 * Math.exp(0.1 * random.normal())));
    expect(scoreHour(history, 2.5).isAnomaly).toBe(false);
    expect(scoreHour(history, 8).isAnomaly).toBe(true);
  });

  it('scores higher for more spend (monotone in actual)', () => {
    const input = fc.record({ seed: fc.integer(), a: fc.double({ min: 0, max: 1000, noNaN: true }), b: fc.double({ min: 0, max: 1000, noNaN: true }) });
    fc.assert(
      fc.property(input, ({ seed, a, b }) => {
        const random = new SeededRandom(seed);
        const level = 0.5 + 100 * random.next();
        const history = Array.from({ length: 400 }, (_, t) => (random.next() < 0.05 ? 0 : level * (1 + Math.sin(t / 4)) * Math.exp(0.2 * random.normal())));
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lower = scoreHour(history, low);
        const higher = scoreHour(history, high);
        return lower.score <= higher.score && (!lower.isAnomaly || higher.isAnomaly);
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same score whatever the money unit', () => {
    const input = fc.record({ seed: fc.integer(), factor: fc.constantFrom(0.01, 3, 1000) });
    fc.assert(
      fc.property(input, ({ seed, factor }) => {
        const history = dailyPattern(FOUR_WEEKS, seed);
        const actual = history[FOUR_WEEKS - 24]! * 2;
        const base = scoreHour(history, actual);
        const scaled = scoreHour(
          history.map((v) => v * factor),
          actual * factor,
        );
        return Math.abs(base.score - scaled.score) < 1e-6 && Math.abs(scaled.expected - base.expected * factor) < 1e-6 * scaled.expected;
      }),
      { numRuns: 20 },
    );
  });

  it('rejects non-finite spend and bad options', () => {
    expect(() => scoreHour([1, Number.NaN], 1)).toThrow(RangeError);
    expect(() => scoreHour([1], Number.POSITIVE_INFINITY)).toThrow(/actual\[0\]/);
    expect(() => scoreHour([1], 1, { threshold: 0 })).toThrow(/threshold/);
    expect(() => scoreHour([1], 1, { threshold: 5, criticalThreshold: 4 })).toThrow(/criticalThreshold/);
    expect(() => scoreHour([1], 1, { minExcess: -1 })).toThrow(/minExcess/);
  });
});
