import fc from 'fast-check';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation, medianInPlace } from './robust-statistics';

const sortedMedian = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('ignores how extreme the outliers are', () => {
    expect(median([1, 2, 3, 4, 1e9])).toBe(3);
  });

  it('leaves its input alone but reorders a scratch buffer only within the first n values', () => {
    const input = [5, 4, 3, 2, 1];
    median(input);
    expect(input).toEqual([5, 4, 3, 2, 1]);
    const scratch = Float64Array.from([9, 1, 5, 100]);
    expect(medianInPlace(scratch, 3)).toBe(5);
    expect(scratch[3]).toBe(100);
  });

  it('agrees with sorting', () => {
    const values = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(values, (xs) => median(xs) === sortedMedian(xs)));
  });

  it('agrees with sorting on many ties', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }), (xs) => median(xs) === sortedMedian(xs)));
  });
});

describe('medianAbsoluteDeviation', () => {
  it('is the median distance from the median', () => {
    // Median 3; distances 2, 1, 0, 1, 97 -> median 1.
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(medianAbsoluteDeviation([5, 5, 5])).toBe(0);
  });

  it('can measure from a given centre', () => {
    expect(medianAbsoluteDeviation([1, 2, 3], 0)).toBe(2);
  });

  it('estimates the standard deviation of normal data once scaled', () => {
    // Evenly spaced normal quantiles: a deterministic standard normal sample.
    const quantiles = Array.from({ length: 999 }, (_, i) => normalQuantile((i + 1) / 1000));
    expect(MAD_TO_SIGMA * medianAbsoluteDeviation(quantiles)).toBeCloseTo(1, 2);
  });
});

/** Standard normal quantile by bisection on the error function (test helper). */
function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  // Abramowitz-Stegun 7.1.26, accurate to about 1e-7: plenty for a 2-decimal check.
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
