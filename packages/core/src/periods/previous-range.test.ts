import { previousRange } from './previous-range';

const range = (from: string, to: string, zone = 'UTC') => {
  const previous = previousRange(new Date(from), new Date(to), zone);
  return [previous.from.toISOString(), previous.to.toISOString()];
};

describe('previousRange', () => {
  it('compares a whole month with the month before', () => {
    expect(range('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });

  it('compares whole local months in the zone', () => {
    expect(range('2026-02-28T15:00:00Z', '2026-03-31T15:00:00Z', 'Asia/Tokyo')).toEqual(['2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z']);
  });

  it('compares a quarter with the quarter before', () => {
    expect(range('2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual(['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
  });

  it('takes the same length before any other range', () => {
    expect(range('2026-03-10T00:00:00Z', '2026-03-17T00:00:00Z')).toEqual(['2026-03-03T00:00:00.000Z', '2026-03-10T00:00:00.000Z']);
    expect(range('2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual(['2026-02-15T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });
});
