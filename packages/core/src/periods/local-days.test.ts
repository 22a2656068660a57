import { addLocalDays, localDayShares, localDaysUntil, localDayStart } from './local-days';

describe('local days', () => {
  it('starts a day at local midnight', () => {
    expect(localDayStart(new Date('2026-03-10T03:30:00Z'), 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localDayStart(new Date('2026-03-10T03:30:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-03-09T15:00:00.000Z');
  });

  it('counts a DST day as 23 hours', () => {
    const start = new Date('2026-03-08T05:00:00Z'); // New York, the spring-forward day
    expect(addLocalDays(start, 1, 'America/New_York').getTime() - start.getTime()).toBe(23 * 3_600_000);
  });

  it('weighs the rest of today, whole days and a last partial day', () => {
    const shares = localDayShares(new Date('2026-11-23T18:00:00Z'), new Date('2026-11-26T06:00:00Z'), 'UTC', 5);
    expect(shares).toEqual([0.25, 1, 1, 0.25, 0]);
  });

  it('measures shares by real time on a 23-hour day', () => {
    const [share] = localDayShares(new Date('2026-03-08T16:00:00Z'), new Date('2026-03-09T04:00:00Z'), 'America/New_York', 1);
    expect(share).toBeCloseTo(12 / 23, 10);
  });

  it('counts the local days a window touches', () => {
    expect(localDaysUntil(new Date('2026-11-23T18:00:00Z'), new Date('2026-12-01T00:00:00Z'), 'UTC')).toBe(8);
    expect(localDaysUntil(new Date('2026-11-23T18:00:00Z'), new Date('2026-11-23T19:00:00Z'), 'UTC')).toBe(1);
    expect(localDaysUntil(new Date('2026-11-23T18:00:00Z'), new Date('2026-11-23T17:00:00Z'), 'UTC')).toBe(0);
  });
});
