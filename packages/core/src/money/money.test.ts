import fc from 'fast-check';
import { Dec, formatDecimal, parseDecimal } from './decimal';
import { minorUnitDigits, isCurrencyCode } from './currency';
import { roundToMinorUnit } from './round-to-minor-unit';
import { sumDecimals } from './sum';

describe('Dec', () => {
  it('keeps more than 20 significant digits exact', () => {
    const tiny = new Dec('0.000000000001');
    const big = new Dec('12345678901234567890123456');
    expect(formatDecimal(big.plus(tiny))).toBe('12345678901234567890123456.000000000001');
  });

  it('prints per-token prices in plain notation', () => {
    expect(new Dec('0.00000015').toString()).toBe('0.00000015');
  });
});

describe('parseDecimal', () => {
  it.each(['12.50', '-0.000001', '0', '.5', '+3'])('accepts %s', (text) => {
    expect(parseDecimal(text).equals(new Dec(text))).toBe(true);
  });

  it.each(['1e5', 'NaN', 'Infinity', '', '1,5', '0x10', '1.2.3'])('rejects %p', (text) => {
    expect(() => parseDecimal(text, 'amount')).toThrow(/amount must be a decimal number/);
  });
});

describe('roundToMinorUnit', () => {
  it.each([
    ['0.005', 'USD', '0.01'],
    ['0.00499999', 'USD', '0'],
    ['-0.005', 'USD', '-0.01'],
    ['2.675', 'EUR', '2.68'],
    ['1234.5', 'JPY', '1235'],
    ['0.0005', 'KWD', '0.001'],
  ])('rounds %s %s half away from zero to %s', (amount, currency, expected) => {
    expect(formatDecimal(roundToMinorUnit(new Dec(amount), currency))).toBe(expected);
  });

  it('rejects an unknown currency', () => {
    expect(() => roundToMinorUnit(new Dec(1), 'XXX')).toThrow(/Unknown currency/);
    expect(isCurrencyCode('usd')).toBe(false);
  });

  it('moves an amount by at most half a minor unit and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom('USD', 'JPY', 'KWD'),
        (units, scale, currency) => {
          const amount = new Dec(units.toString()).dividedBy(new Dec(10).pow(scale));
          const rounded = roundToMinorUnit(amount, currency);
          const halfUnit = new Dec(10).pow(-minorUnitDigits(currency)).dividedBy(2);
          expect(rounded.minus(amount).abs().lessThanOrEqualTo(halfUnit)).toBe(true);
          expect(roundToMinorUnit(rounded, currency).equals(rounded)).toBe(true);
        },
      ),
    );
  });
});

describe('sumDecimals', () => {
  it('is zero for nothing and exact for many tiny amounts', () => {
    expect(sumDecimals([]).isZero()).toBe(true);
    const amounts = Array.from({ length: 1000 }, () => new Dec('0.00000015'));
    expect(formatDecimal(sumDecimals(amounts))).toBe('0.00015');
  });
});
