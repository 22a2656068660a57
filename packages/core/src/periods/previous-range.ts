import { DateTime } from 'luxon';

/**
 * The period before [from, to) to compare it with: the previous whole
 * months when the range is whole local months (so March is compared with
 * February, not with the 31 days before it), otherwise the same length just before.
 */
export function previousRange(from: Date, to: Date, timezone: string): { from: Date; to: Date } {
  const start = DateTime.fromJSDate(from, { zone: timezone });
  const end = DateTime.fromJSDate(to, { zone: timezone });
  const months = Math.round(end.diff(start, 'months').months);
  if (months >= 1 && start.equals(start.startOf('month')) && end.equals(start.plus({ months }))) {
    return { from: start.minus({ months }).toJSDate(), to: from };
  }
  return { from: new Date(2 * from.getTime() - to.getTime()), to: from };
}
