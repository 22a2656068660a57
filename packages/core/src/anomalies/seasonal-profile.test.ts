import fc from 'fast-check';
import { median } from './robust-statistics';
import { fitSeasonalProfile } from './seasonal-profile';

describe('fitSeasonalProfile', () => {
  it('is the per-phase median, and held out the median of the other cycles', () => {
    const period = 5;
    const input = fc.record({
      cycles: fc.integer({ min: 1, max: 6 }),
      values: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 30, maxLength: 30 }),
      dropped: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    });
    fc.assert(
      fc.property(input, ({ cycles, values, dropped }) => {
        const length = cycles * period;
        const deviations = Float64Array.from(values.slice(0, length));
        const keep = Uint8Array.from(dropped.slice(0, length), (d) => (d ? 0 : 1));
        const fit = fitSeasonalProfile(deviations, period, keep);
        for (let p = 0; p < period; p++) {
          const phase = [...Array(cycles).keys()].map((k) => k * period + p).filter((j) => keep[j] === 1);
          const values = phase.map((j) => deviations[j]!);
          const full = values.length === 0 ? 0 : median(values);
          if (fit.profile[p] !== full) return false;
          for (const j of phase) {
            const others = phase.filter((i) => i !== j).map((i) => deviations[i]!);
            const expected = others.length === 0 ? full : median(others);
            if (fit.heldOut[j] !== expected) return false;
          }
        }
        return true;
      }),
    );
  });
});
