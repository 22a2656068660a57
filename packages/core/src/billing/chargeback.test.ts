import fc from 'fast-check';
import { Dec } from '../money';
import { allocateChargeback, chargebackJournalCsv } from './chargeback';

const d = (v: string) => new Dec(v);
const fixed = (entries: Array<[string, string]>) => ({ kind: 'FIXED' as const, percents: new Map(entries.map(([k, v]) => [k, d(v)])) });

describe('allocateChargeback', () => {
  it('gives each center its direct spend and shares the rest in proportion to it', () => {
    const { total, allocations } = allocateChargeback({
      currency: 'USD',
      costCenterIds: ['search', 'ads', 'ops'],
      direct: new Map([['search', d('60.004')], ['ads', d('30.003')]]),
      unclaimed: d('10'),
      split: { kind: 'PROPORTIONAL' },
    });
    expect(total.toFixed()).toBe('100.01');
    expect(allocations.map((a) => [a.costCenterId, a.direct.toFixed(), a.shared.toFixed(), a.total.toFixed()])).toEqual([
      ['search', '60.01', '6.67', '66.68'],
      ['ads', '30', '3.33', '33.33'],
      ['ops', '0', '0', '0'],
    ]);
  });

  it('splits shared spend by fixed percentages, and equally when nothing is direct', () => {
    const byPercent = allocateChargeback({ currency: 'EUR', costCenterIds: ['a', 'b', 'c'], direct: new Map(), unclaimed: d('100'), split: fixed([['a', '50'], ['b', '33.33'], ['c', '16.67']]) });
    expect(byPercent.allocations.map((a) => a.total.toFixed())).toEqual(['50', '33.33', '16.67']);
    const equal = allocateChargeback({ currency: 'EUR', costCenterIds: ['a', 'b', 'c'], direct: new Map(), unclaimed: d('1'), split: { kind: 'PROPORTIONAL' } });
    expect(equal.allocations.map((a) => a.total.toFixed())).toEqual(['0.34', '0.33', '0.33']);
    expect(() => allocateChargeback({ currency: 'EUR', costCenterIds: ['a'], direct: new Map(), unclaimed: d('1'), split: fixed([['a', '90']]) })).toThrow(/sum to 100/);
  });

  it('always sums exactly to the rounded total, in whole minor units (property)', () => {
    const amount = fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => new Dec(n).dividedBy(1_000_000));
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 8 }),
        amount,
        fc.constantFrom('USD', 'JPY', 'KWD'),
        fc.boolean(),
        (directs, unclaimed, currency, useFixed) => {
          const ids = directs.map((_, i) => `cc${i}`);
          const percents = ids.map((_, i) => (i === 0 ? new Dec(100).minus(ids.length - 1) : new Dec(1)));
          const { total, allocations } = allocateChargeback({
            currency,
            costCenterIds: ids,
            direct: new Map(ids.map((id, i) => [id, directs[i]!])),
            unclaimed,
            split: useFixed ? { kind: 'FIXED', percents: new Map(ids.map((id, i) => [id, percents[i]!])) } : { kind: 'PROPORTIONAL' },
          });
          const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
          const sum = allocations.reduce((s, a) => s.plus(a.total), new Dec(0));
          expect(sum.equals(total)).toBe(true);
          expect(total.equals(directs.reduce((s, x) => s.plus(x), unclaimed).toDecimalPlaces(digits, Dec.ROUND_HALF_UP))).toBe(true);
          for (const a of allocations) {
            expect(a.total.decimalPlaces()).toBeLessThanOrEqual(digits);
            expect(a.direct.isNegative() || a.shared.isNegative()).toBe(false);
          }
        },
      ),
    );
  });
});

describe('chargebackJournalCsv', () => {
  it('balances the cost center debits with one clearing credit', () => {
    const csv = chargebackJournalCsv({ date: '2026-10-31', currency: 'USD', clearingAccount: '2990', lines: [{ account: '6100', costCenter: 'Search, EU', amount: d('66.67') }, { account: '6200', costCenter: 'ads', amount: d('33.34') }] });
    expect(csv).toBe('date,account,cost_center,debit,credit,currency\n2026-10-31,6100,"Search, EU",66.67,,USD\n2026-10-31,6200,ads,33.34,,USD\n2026-10-31,2990,,,100.01,USD\n');
  });
});
