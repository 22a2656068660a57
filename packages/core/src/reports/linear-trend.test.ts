import fc from 'fast-check';
import { linearTrend } from './linear-trend';

describe('linearTrend', () => {
  it('recovers an exact line', () => {
    const trend = linearTrend([10, 12, 14, 16, 18]);
    expect(trend.slope).toBeCloseTo(2, 12);
    expect(trend.intercept).toBeCloseTo(10, 12);
    expect(trend.slopePercentOfMean).toBeCloseTo((2 / 14) * 100, 12);
  });

  it('is flat for one value and null-percent for zeros', () => {
    expect(linearTrend([5])).toEqual({ slope: 0, intercept: 5, slopePercentOfMean: 0 });
    expect(linearTrend([0, 0, 0]).slopePercentOfMean).toBeNull();
  });

  it('shifts with the data: adding c to every value leaves the slope alone', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (values, c) => {
        const a = linearTrend(values).slope;
        const b = linearTrend(values.map((v) => v + c)).slope;
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));
      }),
    );
  });
});
