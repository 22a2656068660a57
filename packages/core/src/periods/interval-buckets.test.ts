import { bucketStarts } from './interval-buckets';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('bucketStarts', () => {
  it('lists local days, including the one the range starts inside', () => {
    expect(iso(bucketStarts(new Date('2026-11-01T12:00:00Z'), new Date('2026-11-03T00:00:00Z'), 'DAY', 'UTC'))).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
  });

  it('starts weeks on Monday and months on the 1st, in the zone', () => {
    expect(iso(bucketStarts(new Date('2026-11-19T00:00:00Z'), new Date('2026-11-24T00:00:00Z'), 'WEEK', 'UTC'))).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    expect(iso(bucketStarts(new Date('2026-01-15T00:00:00Z'), new Date('2026-03-01T00:00:00Z'), 'MONTH', 'Asia/Tokyo'))).toEqual([
      '2025-12-31T15:00:00.000Z',
      '2026-01-31T15:00:00.000Z',
      '2026-02-28T15:00:00.000Z',
    ]);
  });

  it('refuses an unbounded list', () => {
    expect(() => bucketStarts(new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'HOUR', 'UTC', 1000)).toThrow(RangeError);
  });
});
