import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';
import { LEDGER_ACCOUNTS, type Posting } from './posting';

const leg = (account: Posting['account'], asset: CurrencyCode, amount: Decimal): Posting => ({ account, projectId: null, asset, amount });
const nonZero = (postings: Posting[]) => postings.filter((p) => !p.amount.isZero());

/**
 * The platform's books, debits positive. A finalized invoice: the org owes
 * its total (receivable, an asset), the platform earns the net of discounts
 * and owes the tax; prepaid money the invoice uses reduces both what the
 * platform holds for the org (org:prepaid, a liability) and what the org owes.
 */
export function invoicePostings(invoice: { currency: CurrencyCode; subtotal: Decimal; discountTotal: Decimal; taxTotal: Decimal; prepaidApplied: Decimal }): Posting[] {
  const { currency } = invoice;
  const total = invoice.subtotal.minus(invoice.discountTotal).plus(invoice.taxTotal);
  return nonZero([
    leg(LEDGER_ACCOUNTS.receivable, currency, total),
    leg(LEDGER_ACCOUNTS.billingRevenue, currency, invoice.subtotal.minus(invoice.discountTotal).negated()),
    leg(LEDGER_ACCOUNTS.taxPayable, currency, invoice.taxTotal.negated()),
    leg(LEDGER_ACCOUNTS.prepaid, currency, invoice.prepaidApplied),
    leg(LEDGER_ACCOUNTS.receivable, currency, invoice.prepaidApplied.negated()),
  ]);
}

/** A payment settles what an invoice left due: money in, receivable down. */
export const paymentPostings = (currency: CurrencyCode, amount: Decimal): Posting[] =>
  nonZero([leg(LEDGER_ACCOUNTS.receivable, currency, amount.negated()), leg(LEDGER_ACCOUNTS.payments, currency, amount)]);

/** Money paid in advance: money in, and held for the org (org:prepaid credit) until invoices draw on it. */
export const prepaidPostings = (currency: CurrencyCode, amount: Decimal): Posting[] =>
  nonZero([leg(LEDGER_ACCOUNTS.payments, currency, amount), leg(LEDGER_ACCOUNTS.prepaid, currency, amount.negated())]);
