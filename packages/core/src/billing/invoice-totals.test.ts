import fc from 'fast-check';
import { Dec, ZERO } from '../money';
import { computeInvoiceTotals, formatInvoiceNumber, type InvoiceLineInput } from './invoice-totals';

const d = (v: string | number) => new Dec(v);
const line = (amount: string, taxable = true, kind: InvoiceLineInput['kind'] = 'CHARGE'): InvoiceLineInput => ({ kind, description: kind, quantity: d(1), unitPrice: d(amount), amount: d(amount), taxable });

describe('computeInvoiceTotals', () => {
  it('rounds each line, discounts the subtotal, taxes the taxable part after discount, applies prepaid money', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      lines: [line('49', true, 'PLAN_FEE'), line('12.34567'), line('0.004999'), line('3.335', false, 'LATE_USAGE')],
      discounts: [{ name: 'WELCOME10', percent: d(10) }, { name: 'GOODWILL', fixed: d(2) }],
      taxRates: [{ name: 'VAT', percent: d(20) }],
      prepaidAvailable: d(25),
    });
    expect(totals.lines.map((l) => l.amount.toFixed())).toEqual(['49', '12.35', '0', '3.34']);
    expect(totals.subtotal.toFixed()).toBe('64.69');
    expect(totals.discounts.map((x) => x.amount.toFixed())).toEqual(['6.47', '2']);
    // Taxable lines are 61.35 of 64.69: their share of the 8.47 discount is 8.03 (largest remainder).
    expect(totals.taxableAmount.toFixed()).toBe('53.32');
    expect(totals.taxTotal.toFixed()).toBe('10.66');
    expect(totals.total.toFixed()).toBe('66.88');
    expect(totals.prepaidApplied.toFixed()).toBe('25');
    expect(totals.amountDue.toFixed()).toBe('41.88');
  });

  it('never discounts below zero nor applies more prepaid money than the total', () => {
    const totals = computeInvoiceTotals({ currency: 'USD', lines: [line('5')], discounts: [{ name: 'BIG', fixed: d(50) }], prepaidAvailable: d(100) });
    expect([totals.discountTotal, totals.total, totals.prepaidApplied, totals.amountDue].map((x) => x.toFixed())).toEqual(['5', '0', '0', '0']);
    expect(computeInvoiceTotals({ currency: 'JPY', lines: [line('1234.5')] }).total.toFixed()).toBe('1235');
  });

  it('makes the total the exact sum of its rounded parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 30 }),
        (raw, percentOff, vat) => {
          const lines = raw.map(([n, taxable]) => line(d(n).dividedBy(10_000).toFixed(), taxable));
          const t = computeInvoiceTotals({ currency: 'USD', lines, discounts: [{ name: 'X', percent: d(percentOff) }], taxRates: [{ name: 'VAT', percent: d(vat) }] });
          expect(t.subtotal.equals(t.lines.reduce((s, l) => s.plus(l.amount), ZERO))).toBe(true);
          expect(t.total.equals(t.subtotal.minus(t.discountTotal).plus(t.taxTotal))).toBe(true);
          expect(t.total.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(t.taxableAmount.isNegative()).toBe(false);
        },
      ),
    );
  });
});

describe('formatInvoiceNumber', () => {
  it('pads the per-org sequence', () => {
    expect(formatInvoiceNumber('ACME', 2026, 7)).toBe('ACME-2026-0007');
    expect(formatInvoiceNumber('ACME', 2026, 12345)).toBe('ACME-2026-12345');
  });
});
