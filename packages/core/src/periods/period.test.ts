import fc from 'fast-check';
import { nextPeriodWindow, periodWindow, PERIODS, type Period } from './period';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const window = (period: Period, at: string, zone: string) => {
  const w = periodWindow(period, new Date(at), zone);
  return [iso(w?.start), iso(w?.end)];
};

describe('periodWindow', () => {
  it('counts days, weeks and months in the org’s zone', () => {
    expect(window('DAILY', '2025-06-10T23:30:00Z', 'Europe/Paris')).toEqual(['2025-06-10T22:00:00.000Z', '2025-06-11T22:00:00.000Z']);
    expect(window('DAILY', '2025-06-10T18:00:00Z', 'Asia/Kolkata')).toEqual(['2025-06-09T18:30:00.000Z', '2025-06-10T18:30:00.000Z']);
    expect(window('WEEKLY', '2025-06-08T21:59:59Z', 'Europe/Paris')).toEqual(['2025-06-01T22:00:00.000Z', '2025-06-08T22:00:00.000Z']);
    expect(window('MONTHLY', '2025-02-15T00:00:00Z', 'America/New_York')).toEqual(['2025-02-01T05:00:00.000Z', '2025-03-01T05:00:00.000Z']);
    expect(window('QUARTERLY', '2025-05-20T00:00:00Z', 'UTC')).toEqual(['2025-04-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z']);
    expect(window('YEARLY', '2025-12-31T23:30:00Z', 'Europe/Paris')).toEqual(['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect(window('HOURLY', '2025-06-10T10:59:59Z', 'Asia/Kolkata')).toEqual(['2025-06-10T10:30:00.000Z', '2025-06-10T11:30:00.000Z']);
  });

  it('makes the DST days 23 and 25 hours long, and months calendar months', () => {
    const spring = periodWindow('DAILY', new Date('2025-03-30T12:00:00Z'), 'Europe/Paris')!;
    const autumn = periodWindow('DAILY', new Date('2025-10-26T12:00:00Z'), 'Europe/Paris')!;
    expect((spring.end!.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    expect((autumn.end!.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    const march = periodWindow('MONTHLY', new Date('2025-03-15T00:00:00Z'), 'Europe/Paris')!;
    expect((march.end!.getTime() - march.start.getTime()) / 3_600_000).toBe(31 * 24 - 1);
    const newYorkSpring = periodWindow('HOURLY', new Date('2025-03-09T07:30:00Z'), 'America/New_York')!;
    expect(iso(newYorkSpring.start)).toBe('2025-03-09T07:00:00.000Z');
  });

  it('has TOTAL never end and CUSTOM only inside its dates', () => {
    expect(periodWindow('TOTAL', new Date(), 'UTC')).toEqual({ start: new Date(0), end: null });
    const custom = { start: new Date('2025-01-10T00:00:00Z'), end: new Date('2025-02-10T00:00:00Z') };
    expect(periodWindow('CUSTOM', new Date('2025-01-20T00:00:00Z'), 'UTC', custom)).toEqual(custom);
    expect(periodWindow('CUSTOM', new Date('2025-02-10T00:00:00Z'), 'UTC', custom)).toBeNull();
    expect(() => periodWindow('CUSTOM', new Date(), 'UTC')).toThrow(/CUSTOM period needs/);
  });

  it('always contains the instant, and the next window starts where it ends', () => {
    const zones = fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu');
    const periods = fc.constantFrom(...PERIODS.filter((p) => p !== 'TOTAL' && p !== 'CUSTOM'));
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), periods, zones, (at, period, zone) => {
        const w = periodWindow(period, at, zone)!;
        expect(w.start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(w.end!.getTime()).toBeGreaterThan(at.getTime());
        expect(nextPeriodWindow(period, w, zone)!.start).toEqual(w.end);
      }),
    );
  });
});
