import { DateTime } from 'luxon';

export type BucketInterval = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

const UNIT = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/**
 * Starts of the buckets of `interval` that overlap [from, to), counted in the
 * zone as PostgreSQL's date_trunc counts them (ISO weeks start on Monday).
 * Throws a RangeError past `max` buckets rather than build an unbounded list.
 */
export function bucketStarts(from: Date, to: Date, interval: BucketInterval, timezone: string, max = 20_000): Date[] {
  const unit = UNIT[interval];
  const starts: Date[] = [];
  for (let at = DateTime.fromJSDate(from, { zone: timezone }).startOf(unit); at.toMillis() < to.getTime(); at = at.plus({ [`${unit}s`]: 1 })) {
    if (starts.length === max) throw new RangeError(`more than ${max} ${unit} buckets`);
    starts.push(at.toJSDate());
  }
  return starts;
}
