import { SeededRandom } from '../random/seeded-random';
import { scanSeries } from './scan-series';
import { scoreHour } from './score-hour';

describe('scanSeries', () => {
  const random = new SeededRandom(11);
  const series = Array.from({ length: 400 }, (_, t) => (random.next() < 0.05 ? 0 : (3 + Math.sin(t / 3)) * Math.exp(0.2 * random.normal())));

  it('scores each hour after the window exactly as scoreHour does with that history', () => {
    const window = 350;
    const scores = scanSeries(series, window, { minExcess: 0.5 });
    expect(scores).toHaveLength(series.length - window);
    scores.forEach((score, i) => {
      expect(score).toEqual(scoreHour(series.slice(i, window + i), series[window + i]!, { minExcess: 0.5 }));
    });
  });

  it('uses only the window, not the older hours', () => {
    const window = 100;
    // Both score series[300..]: the full scan from its result 200 on, the scan of the tail from 0.
    const tail = series.slice(200);
    expect(scanSeries(series, window).slice(200)).toEqual(scanSeries(tail, window));
  });

  it('returns nothing when the series is no longer than the window', () => {
    expect(scanSeries(series.slice(0, 80), 80)).toEqual([]);
  });

  it('rejects a bad window or non-finite spend', () => {
    expect(() => scanSeries(series, 0)).toThrow(/windowHours/);
    expect(() => scanSeries(series, 1.5)).toThrow(/windowHours/);
    expect(() => scanSeries([1, 2, Number.NaN], 1)).toThrow(/series\[2\]/);
  });
});
