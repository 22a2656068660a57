import fc from 'fast-check';
import { Dec } from '../money';
import type { CreditRate, CreditValue } from './credit-rate';
import { costForCredits, creditsForCost, creditsForUnits } from './price-credits';
import { selectInForce } from '../versions';

const rate = (credits: string, perUnits: string, kind: CreditRate['kind'] = 'ACTION'): CreditRate => ({
  feature: 'translate',
  kind,
  credits: new Dec(credits),
  perUnits: new Dec(perUnits),
  unit: 'words',
  effectiveFrom: new Date('2025-01-01'),
});
const cent: CreditValue = { amount: new Dec('0.01'), currency: 'USD', effectiveFrom: new Date('2025-01-01') };

describe('credits', () => {
  it('charges actions per unit block and workflows per step', () => {
    expect(creditsForUnits(rate('5', '1000'), new Dec(2500)).toFixed()).toBe('12.5');
    expect(creditsForUnits(rate('2', '1000'), new Dec(1)).toFixed()).toBe('0.002');
    expect(creditsForUnits(rate('7', '1', 'WORKFLOW'), new Dec(3)).toFixed()).toBe('21');
    expect(() => creditsForUnits(rate('5', '1000'), new Dec(-1))).toThrow(/units must not be negative/);
  });

  it('converts money and credits at the credit value, rounding credits at 12 places', () => {
    expect(creditsForCost(new Dec('0.00725'), cent).toFixed()).toBe('0.725');
    const third: CreditValue = { ...cent, amount: new Dec('0.03') };
    expect(creditsForCost(new Dec('0.01'), third).toFixed()).toBe('0.333333333333');
    expect(costForCredits(new Dec('12.5'), cent).toFixed()).toBe('0.125');
  });

  it('round-trips cost → credits → cost exactly when the value divides the cost', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (units) => {
        const cost = new Dec(units.toString()).dividedBy(1e9);
        expect(costForCredits(creditsForCost(cost, cent), cent).equals(cost)).toBe(true);
      }),
    );
  });

  it('takes the latest version in force', () => {
    const versions = [
      { effectiveFrom: new Date('2025-01-01'), v: 1 },
      { effectiveFrom: new Date('2025-06-01'), v: 2 },
    ];
    expect(selectInForce(versions, new Date('2025-05-31'))?.v).toBe(1);
    expect(selectInForce(versions, new Date('2025-06-01'))?.v).toBe(2);
    expect(selectInForce(versions, new Date('2024-01-01'))).toBeNull();
  });
});
