import fc from 'fast-check';
import { median } from './robust-statistics';
import { LEVEL_HOURS, levelDeviations, trailingLevels } from './trailing-level';

describe('trailingLevels', () => {
  it('is the median of the 24 hours before each hour, lead-in included', () => {
    const hours = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: LEVEL_HOURS + 1, maxLength: 120 });
    fc.assert(
      fc.property(hours, (values) => {
        const all = Float64Array.from(values, (v) => v / 4);
        const leadIn = all.slice(0, LEVEL_HOURS);
        const y = all.slice(LEVEL_HOURS);
        const levels = trailingLevels(leadIn, y);
        return Array.from(levels).every((level, j) => level === median(all.subarray(j, j + LEVEL_HOURS)));
      }),
    );
  });

  it('follows a lasting step once half the day has it', () => {
    const leadIn = new Float64Array(LEVEL_HOURS).fill(1);
    const y = new Float64Array(30).fill(3);
    const levels = trailingLevels(leadIn, y);
    expect(levels[11]).toBe(1);
    expect(levels[12]).toBe(2);
    expect(levels[13]).toBe(3);
  });
});

describe('levelDeviations', () => {
  it('removes the profile before taking levels but not from the deviations', () => {
    const profile = Float64Array.from({ length: 24 }, (_, p) => (p < 12 ? -1 : 1));
    const y = Float64Array.from({ length: 48 }, (_, j) => 5 + profile[j % 24]!);
    const { levels, deviations } = levelDeviations(y.slice(24, 48), y, profile);
    expect(Array.from(levels).every((level) => level === 5)).toBe(true);
    expect(Array.from(deviations)).toEqual(Array.from(y, (v) => v - 5));
  });
});
