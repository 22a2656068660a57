import fc from 'fast-check';
import { reconcileDue } from './reconcile-counters.service';

describe('reconcileDue', () => {
  it('makes every counter due exactly once in any run of `every` consecutive minutes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 60 }), (key, startMinute, every) => {
        const due = Array.from({ length: every }, (_, m) => reconcileDue(key, new Date((startMinute + m) * 60_000 + 17), every));
        return due.filter(Boolean).length === 1;
      }),
    );
  });

  it('spreads counters over the minutes rather than bunching them', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `tollgate:{org}:limit:${i}:1:0`);
    const perMinute = Array.from({ length: 10 }, (_, m) => keys.filter((k) => reconcileDue(k, new Date(m * 60_000), 10)).length);
    expect(Math.min(...perMinute)).toBeGreaterThan(60);
  });
});
