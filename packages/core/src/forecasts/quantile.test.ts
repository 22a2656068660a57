import fc from 'fast-check';
import { quantileInPlace, selectInPlace, summarizeInPlace } from './quantile';

/** Reference R type-7 quantile by full sort. */
function sortedQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return sorted[below]! + (upper - sorted[below]!) * (position - below);
}

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 });

describe('quantiles by selection', () => {
  it('puts the k-th smallest at k with nothing larger before and nothing smaller after', () => {
    fc.assert(
      fc.property(values, fc.nat(), (xs, seed) => {
        const k = seed % xs.length;
        const array = Float64Array.from(xs);
        selectInPlace(array, k);
        const kth = array[k]!;
        expect(kth).toBe([...xs].sort((a, b) => a - b)[k]);
        array.subarray(0, k).forEach((x) => expect(x).toBeLessThanOrEqual(kth));
        array.subarray(k + 1).forEach((x) => expect(x).toBeGreaterThanOrEqual(kth));
      }),
    );
  });

  it('matches the sorted type-7 quantile', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        expect(quantileInPlace(Float64Array.from(xs), q)).toBeCloseTo(sortedQuantile(xs, q), 6);
      }),
    );
  });

  it('summarises mean, p10 and p90', () => {
    const xs = Float64Array.from({ length: 11 }, (_, i) => 10 - i);
    expect(summarizeInPlace(xs)).toEqual({ mean: 5, p10: 1, p90: 9 });
    expect(summarizeInPlace(new Float64Array(0))).toEqual({ mean: 0, p10: 0, p90: 0 });
  });
});
