import { Dec } from '../money';
import { fromNanoUnits, toNanoUnits } from './nano-units';

describe('nano units', () => {
  it('rounds up to whole nano-units and converts back', () => {
    expect(toNanoUnits(new Dec('0.000000615'))).toBe('615');
    expect(toNanoUnits(new Dec('0.0000000001'))).toBe('1');
    expect(toNanoUnits(new Dec('123456.789'))).toBe('123456789000000');
    expect(fromNanoUnits('615').toFixed()).toBe('0.000000615');
    expect(toNanoUnits(new Dec(0))).toBe('0');
  });
});
