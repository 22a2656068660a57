import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';

/** What a posting counts: money in a currency, or the platform's own credits. */
export type Asset = CurrencyCode | 'CREDIT';

export const CREDIT: Asset = 'CREDIT';

/**
 * One leg of a ledger transaction. Positive amounts are debits, negative
 * amounts credits; the legs of a transaction sum to zero for each asset.
 */
export interface Posting {
  account: LedgerAccount;
  projectId: string | null;
  asset: Asset;
  amount: Decimal;
}

/**
 * The accounts of an org's books. `org:` accounts are the customer's side,
 * `system:` the platform's side of the same tenant's transactions.
 */
export const LEDGER_ACCOUNTS = {
  creditWallet: 'org:credit_wallet',
  usageSpend: 'org:usage_spend',
  receivable: 'org:receivable',
  prepaid: 'org:prepaid',
  usageRevenue: 'system:usage_revenue',
  creditIssuance: 'system:credit_issuance',
  creditGrants: 'system:credit_grants',
  creditConsumption: 'system:credit_consumption',
  billingRevenue: 'system:billing_revenue',
  taxPayable: 'system:tax_payable',
  payments: 'system:payments',
} as const;

export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[keyof typeof LEDGER_ACCOUNTS];
