import fc from 'fast-check';
import { billingPeriod } from './billing-period';

const iso = (d: Date) => d.toISOString();

describe('billingPeriod', () => {
  it('follows the calendar in the org’s zone', () => {
    const p = billingPeriod('CALENDAR', 'MONTHLY', new Date('2026-01-10T00:00:00Z'), new Date('2026-03-31T22:30:00Z'), 'Europe/Paris');
    expect([iso(p.start), iso(p.end)]).toEqual(['2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z']);
    const q = billingPeriod('CALENDAR', 'QUARTERLY', new Date('2026-01-10T00:00:00Z'), new Date('2026-05-05T00:00:00Z'), 'America/New_York');
    expect([iso(q.start), iso(q.end)]).toEqual(['2026-04-01T04:00:00.000Z', '2026-07-01T04:00:00.000Z']);
  });

  it('bills anniversaries from the start date, clamped in short months and without drift', () => {
    const start = new Date('2026-01-31T09:00:00Z');
    const feb = billingPeriod('ANNIVERSARY', 'MONTHLY', start, new Date('2026-03-01T00:00:00Z'), 'UTC');
    expect([iso(feb.start), iso(feb.end)]).toEqual(['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z']);
    const apr = billingPeriod('ANNIVERSARY', 'MONTHLY', start, new Date('2026-05-15T00:00:00Z'), 'UTC');
    expect([iso(apr.start), iso(apr.end)]).toEqual(['2026-04-30T09:00:00.000Z', '2026-05-31T09:00:00.000Z']);
    const first = billingPeriod('ANNIVERSARY', 'YEARLY', start, start, 'UTC');
    expect(iso(first.start)).toBe(iso(start));
    expect(() => billingPeriod('ANNIVERSARY', 'MONTHLY', start, new Date('2026-01-01T00:00:00Z'), 'UTC')).toThrow(/before the subscription/);
  });

  it('keeps the local hour across DST in anniversary periods', () => {
    const p = billingPeriod('ANNIVERSARY', 'MONTHLY', new Date('2026-03-10T08:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'Europe/Paris');
    expect([iso(p.start), iso(p.end)]).toEqual(['2026-03-10T08:00:00.000Z', '2026-04-10T07:00:00.000Z']);
  });

  it('always contains the instant, and periods tile without gaps', () => {
    const zones = fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 2000 * 86_400_000 }),
        fc.constantFrom('MONTHLY' as const, 'QUARTERLY' as const, 'YEARLY' as const),
        fc.constantFrom('CALENDAR' as const, 'ANNIVERSARY' as const),
        zones,
        (start, offset, interval, anchor, zone) => {
          const at = new Date(start.getTime() + offset);
          const p = billingPeriod(anchor, interval, start, at, zone);
          expect(p.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(p.end.getTime()).toBeGreaterThan(at.getTime());
          const next = billingPeriod(anchor, interval, start, p.end, zone);
          expect(next.start).toEqual(p.end);
        },
      ),
    );
  });
});
