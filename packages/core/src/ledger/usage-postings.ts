import type Decimal from 'decimal.js';
import type { CurrencyCode } from '../money';
import { CREDIT, LEDGER_ACCOUNTS, type Posting } from './posting';

export interface UsageAmount {
  projectId: string | null;
  cost: Decimal;
  currency: CurrencyCode;
  credits: Decimal;
}

/**
 * Usage accrues spend on the org (debit usage spend, credit platform revenue)
 * and consumes credits from its wallet. Events of one project and currency
 * are summed into one pair of legs, so a batch of thousands posts a handful
 * of postings; zero legs are left out.
 */
export function usagePostings(usage: readonly UsageAmount[]): Posting[] {
  const totals = new Map<string, UsageAmount>();
  for (const event of usage) {
    const key = `${event.projectId ?? ''}\u0000${event.currency}`;
    const sum = totals.get(key);
    totals.set(key, sum ? { ...sum, cost: sum.cost.plus(event.cost), credits: sum.credits.plus(event.credits) } : { ...event });
  }
  const postings: Posting[] = [];
  for (const { projectId, cost, currency, credits } of totals.values()) {
    if (!cost.isZero()) {
      postings.push({ account: LEDGER_ACCOUNTS.usageSpend, projectId, asset: currency, amount: cost });
      postings.push({ account: LEDGER_ACCOUNTS.usageRevenue, projectId, asset: currency, amount: cost.negated() });
    }
    if (!credits.isZero()) {
      postings.push({ account: LEDGER_ACCOUNTS.creditConsumption, projectId, asset: CREDIT, amount: credits });
      postings.push({ account: LEDGER_ACCOUNTS.creditWallet, projectId, asset: CREDIT, amount: credits.negated() });
    }
  }
  return postings;
}

/** Credits into the org's wallet, bought (top-up) or given (grant by a quota plan or an admin). */
export function creditPostings(credits: Decimal, source: 'TOP_UP' | 'GRANT', projectId: string | null = null): Posting[] {
  const from = source === 'TOP_UP' ? LEDGER_ACCOUNTS.creditIssuance : LEDGER_ACCOUNTS.creditGrants;
  return [
    { account: LEDGER_ACCOUNTS.creditWallet, projectId, asset: CREDIT, amount: credits },
    { account: from, projectId, asset: CREDIT, amount: credits.negated() },
  ];
}
