import { uuidv7, uuidv7Floor } from './ids';

describe('uuidv7', () => {
  it('is a version 7, variant 1 UUID carrying its millisecond', () => {
    const id = uuidv7(1_700_000_000_123);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_123);
  });

  it('sorts by time across milliseconds and never repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 10_000 }, () => uuidv7())).size).toBe(10_000);
  });

  it('has a floor per millisecond that every id of that millisecond or later sorts above', () => {
    const at = new Date(1_700_000_000_123);
    const floor = uuidv7Floor(at);
    expect(floor).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7000-8000-0{12}$/);
    for (let i = 0; i < 200; i++) expect(uuidv7(at.getTime() + (i % 3)) >= floor).toBe(true);
    expect(uuidv7(at.getTime() - 1) < floor).toBe(true);
  });
});
