import fc from 'fast-check';
import { Dec, ZERO } from '../money';
import { allocate } from './allocate';
import type { ChargeModel, PriceTier } from './charge-model';
import { computeCharge } from './compute-charge';
import { localDaysBetween, prorate } from './prorate';

const d = (v: string | number) => new Dec(v);
const tiers: PriceTier[] = [
  { upTo: d(100), unitPrice: d(1), flatFee: d(10) },
  { upTo: d(1000), unitPrice: d('0.5'), flatFee: d(5) },
  { upTo: null, unitPrice: d('0.1'), flatFee: ZERO },
];
const total = (model: ChargeModel, units: string | number, extra = {}) => computeCharge(model, { units: d(units), ...extra }).amount.toFixed();

describe('charge models on worked examples', () => {
  it('STANDARD: units × unit price, fractional units included', () => {
    expect(total({ type: 'STANDARD', unitPrice: d('0.002') }, '1234.5')).toBe('2.469');
    expect(total({ type: 'STANDARD', unitPrice: d('0.002') }, 0)).toBe('0');
  });

  it('GRADUATED: each unit in its tier, plus the flat fee of each tier reached (the first always)', () => {
    const graduated: ChargeModel = { type: 'GRADUATED', tiers };
    expect(total(graduated, 0)).toBe('10');
    expect(total(graduated, 100)).toBe('110');
    expect(total(graduated, '100.5')).toBe('115.25');
    expect(total(graduated, 1500)).toBe('615');
    expect(computeCharge(graduated, { units: d(1500) }).steps.map((s) => s.amount.toFixed())).toEqual(['100', '10', '450', '5', '50']);
  });

  it('VOLUME: all units at the tier the total falls in, plus that tier’s flat fee', () => {
    const volume: ChargeModel = { type: 'VOLUME', tiers };
    expect(total(volume, 0)).toBe('10');
    expect(total(volume, 100)).toBe('110');
    expect(total(volume, '100.5')).toBe('55.25');
    expect(total(volume, 1500)).toBe('150');
  });

  it('PACKAGE: whole packages of what exceeds the free units, never below zero', () => {
    const pack: ChargeModel = { type: 'PACKAGE', packageSize: d(1000), packagePrice: d(2), freeUnits: d(500) };
    expect([0, 500, 501, 1500, '1500.5'].map((u) => total(pack, u))).toEqual(['0', '0', '2', '2', '4']);
  });

  it('PERCENTAGE: rate × amount plus a fee per event, free events and amount, per-event minimum and maximum', () => {
    const pct: ChargeModel = { type: 'PERCENTAGE', rate: d('0.029'), fixedFeePerEvent: d('0.3'), freeEvents: 1, freeAmount: d(10), minPerEvent: d('0.5'), maxPerEvent: d(5) };
    expect(total(pct, 4, { eventAmounts: [d(100), d(5), d(20), d(1000)] })).toBe('6.235');
    expect(total(pct, 0, { eventAmounts: [] })).toBe('0');
  });

  it('COST_PLUS: provider cost × (1 + markup)', () => {
    expect(total({ type: 'COST_PLUS', markup: d('0.2') }, 0, { cost: d('12.34') })).toBe('14.808');
  });

  it('refuses malformed tiers and negative units', () => {
    expect(() => total({ type: 'GRADUATED', tiers: [{ upTo: d(10), unitPrice: d(1), flatFee: ZERO }] }, 1)).toThrow(/open-ended/);
    expect(() => total({ type: 'VOLUME', tiers: [{ upTo: d(10), unitPrice: d(1), flatFee: ZERO }, { upTo: d(5), unitPrice: d(1), flatFee: ZERO }, { upTo: null, unitPrice: d(1), flatFee: ZERO }] }, 1)).toThrow(/rise/);
    expect(() => total({ type: 'STANDARD', unitPrice: d(1) }, -1)).toThrow(/must not be negative/);
  });
});

describe('charge model laws', () => {
  const units = fc.integer({ min: 0, max: 10_000_000 }).map((n) => d(n).dividedBy(100));

  it('GRADUATED equals the sum over tiers of the units each holds, plus the fees of the tiers reached', () => {
    fc.assert(
      fc.property(units, (u) => {
        let expected = d(10);
        const bands: Array<[number, number | null, string, number]> = [
          [0, 100, '1', 0],
          [100, 1000, '0.5', 5],
          [1000, null, '0.1', 0],
        ];
        for (const [from, to, price, fee] of bands) {
          const held = Dec.max(0, Dec.min(u, to ?? u).minus(from));
          expected = expected.plus(held.times(price));
          if (from > 0 && u.greaterThan(from)) expected = expected.plus(fee);
        }
        expect(computeCharge({ type: 'GRADUATED', tiers }, { units: u }).amount.equals(expected)).toBe(true);
      }),
    );
  });

  it('GRADUATED and PACKAGE never charge less for more units', () => {
    fc.assert(
      fc.property(units, units, (a, b) => {
        const [low, high] = a.lessThan(b) ? [a, b] : [b, a];
        for (const model of [{ type: 'GRADUATED', tiers } as ChargeModel, { type: 'PACKAGE', packageSize: d(7), packagePrice: d(3), freeUnits: d(2) } as ChargeModel]) {
          expect(computeCharge(model, { units: high }).amount.greaterThanOrEqualTo(computeCharge(model, { units: low }).amount)).toBe(true);
        }
      }),
    );
  });
});

describe('allocate', () => {
  it('splits by largest remainder and always sums to the total', () => {
    expect(allocate(d('100'), [d(1), d(1), d(1)], 'USD').map((x) => x.toFixed())).toEqual(['33.34', '33.33', '33.33']);
    expect(allocate(d('0.05'), [d(3), d(1)], 'USD').map((x) => x.toFixed())).toEqual(['0.04', '0.01']);
    expect(allocate(d('10'), [ZERO, ZERO], 'JPY').map((x) => x.toFixed())).toEqual(['5', '5']);
    expect(() => allocate(d('1.005'), [d(1)], 'USD')).toThrow(/whole USD minor units/);
  });

  it('sums exactly and stays within one minor unit of each proportional share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), (cents, weights) => {
        const amount = d(cents).dividedBy(100);
        const shares = allocate(amount, weights.map(d), 'USD');
        expect(shares.reduce((s, x) => s.plus(x), d(0)).equals(amount)).toBe(true);
        const sum = weights.reduce((s, w) => s + w, 0);
        shares.forEach((share, i) => {
          const exact = sum === 0 ? amount.dividedBy(weights.length) : amount.times(weights[i]!).dividedBy(sum);
          expect(share.minus(exact).abs().lessThan('0.01')).toBe(true);
        });
      }),
    );
  });
});

describe('prorate', () => {
  it('divides by the real days of the month in the org’s zone', () => {
    const zone = 'Europe/Paris';
    const may = [new Date('2026-04-30T22:00:00Z'), new Date('2026-05-31T22:00:00Z')] as const;
    expect(localDaysBetween(may[0], may[1], zone)).toBe(31);
    expect(prorate(d(31), may[0], may[1], new Date('2026-05-15T22:00:00Z'), zone).toFixed()).toBe('16');
    const february = [new Date('2026-01-31T23:00:00Z'), new Date('2026-02-28T23:00:00Z')] as const;
    expect(localDaysBetween(february[0], february[1], zone)).toBe(28);
    expect(prorate(d(100), february[0], february[1], new Date('2026-02-14T23:00:00Z'), zone).toFixed()).toBe('50');
    const march = [new Date('2026-02-28T23:00:00Z'), new Date('2026-03-31T22:00:00Z')] as const;
    expect(localDaysBetween(march[0], march[1], zone)).toBe(31);
    expect(() => prorate(d(1), may[0], may[1], new Date('2026-07-01T00:00:00Z'), zone)).toThrow(/inside the period/);
  });
});
