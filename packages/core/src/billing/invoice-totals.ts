import type Decimal from 'decimal.js';
import { badInput } from '../errors';
import { Dec, ZERO, roundToMinorUnit, sumDecimals, type CurrencyCode } from '../money';
import { allocate } from './allocate';

export type InvoiceLineKind = 'PLAN_FEE' | 'CHARGE' | 'OVERAGE' | 'LATE_USAGE' | 'MINIMUM_COMMITMENT';

/** A line before rounding: what the charge model produced, at full precision. */
export interface InvoiceLineInput {
  kind: InvoiceLineKind;
  description: string;
  quantity: Decimal;
  unitPrice: Decimal;
  amount: Decimal;
  taxable: boolean;
}

export interface InvoiceLine extends InvoiceLineInput {
  /** Rounded to the currency's minor unit, half away from zero. */
  amount: Decimal;
  /** The full-precision amount it was rounded from. */
  unroundedAmount: Decimal;
}

/** A coupon or discount applying to this invoice: a percent of the subtotal or a fixed amount. */
export type Discount = { name: string; percent: Decimal } | { name: string; fixed: Decimal };

export interface TaxRate {
  name: string;
  percent: Decimal;
}

export interface InvoiceTotals {
  currency: CurrencyCode;
  lines: InvoiceLine[];
  subtotal: Decimal;
  discounts: Array<{ name: string; amount: Decimal }>;
  discountTotal: Decimal;
  taxableAmount: Decimal;
  taxes: Array<{ name: string; percent: Decimal; amount: Decimal }>;
  taxTotal: Decimal;
  total: Decimal;
  prepaidApplied: Decimal;
  amountDue: Decimal;
}

/**
 * Invoice arithmetic: each line is rounded to the minor unit (half-up); the
 * subtotal is the sum of rounded lines; discounts apply to the subtotal (in
 * order, never below zero) and are shared between taxable and untaxed lines
 * by largest remainder; each tax is rounded on the taxable amount after
 * discounts; prepaid money applies to the total. Every figure is a sum of
 * minor units, so the total is exact.
 */
export function computeInvoiceTotals(input: {
  currency: CurrencyCode;
  lines: readonly InvoiceLineInput[];
  discounts?: readonly Discount[];
  taxRates?: readonly TaxRate[];
  prepaidAvailable?: Decimal;
}): InvoiceTotals {
  const { currency } = input;
  const lines = input.lines.map((line) => {
    if (line.amount.isNegative()) throw badInput(`invoice line "${line.description}" is negative`, 'INVALID_LINE');
    return { ...line, unroundedAmount: line.amount, amount: roundToMinorUnit(line.amount, currency) };
  });
  const subtotal = sumDecimals(lines.map((l) => l.amount));
  let left = subtotal;
  const discounts = (input.discounts ?? []).map((discount) => {
    const wanted = 'percent' in discount ? roundToMinorUnit(subtotal.times(discount.percent).dividedBy(100), currency) : roundToMinorUnit(discount.fixed, currency);
    const amount = Dec.min(wanted, left);
    left = left.minus(amount);
    return { name: discount.name, amount };
  });
  const discountTotal = sumDecimals(discounts.map((d) => d.amount));
  const taxableSubtotal = sumDecimals(lines.filter((l) => l.taxable).map((l) => l.amount));
  const [taxableDiscount] = subtotal.isZero() ? [ZERO] : allocate(discountTotal, [taxableSubtotal, subtotal.minus(taxableSubtotal)], currency);
  const taxableAmount = taxableSubtotal.minus(taxableDiscount ?? ZERO);
  const taxes = (input.taxRates ?? []).map((rate) => ({ ...rate, amount: roundToMinorUnit(taxableAmount.times(rate.percent).dividedBy(100), currency) }));
  const taxTotal = sumDecimals(taxes.map((t) => t.amount));
  const total = subtotal.minus(discountTotal).plus(taxTotal);
  const prepaidApplied = Dec.max(ZERO, Dec.min(roundToMinorUnit(input.prepaidAvailable ?? ZERO, currency), total));
  return { currency, lines, subtotal, discounts, discountTotal, taxableAmount, taxes, taxTotal, total, prepaidApplied, amountDue: total.minus(prepaidApplied) };
}

/** A gapless per-org invoice number such as ACME-2026-0007. */
export const formatInvoiceNumber = (prefix: string, year: number, sequence: number): string => `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
