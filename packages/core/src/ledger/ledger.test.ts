import fc from 'fast-check';
import { Dec, ZERO } from '../money';
import { assertBalanced, sumByAsset } from './assert-balanced';
import { CREDIT, LEDGER_ACCOUNTS, type Posting } from './posting';
import { reversePostings } from './reverse-postings';
import { creditPostings, usagePostings } from './usage-postings';

const amount = fc.bigInt({ min: 0n, max: 10n ** 24n }).map((units) => new Dec(units.toString()).dividedBy(1e12));
const project = fc.constantFrom(null, 'p1', 'p2');
const usage = fc.record({ projectId: project, cost: amount, currency: fc.constantFrom('USD', 'EUR'), credits: amount });

const operation = fc.oneof(
  fc.array(usage, { minLength: 1, maxLength: 5 }).map((u) => usagePostings(u)),
  fc.tuple(amount, fc.constantFrom('TOP_UP' as const, 'GRANT' as const), project).map(([c, s, p]) => creditPostings(c, s, p)),
);

const balanceOf = (postings: Posting[], account: string, asset: string) =>
  postings.filter((p) => p.account === account && p.asset === asset).reduce((sum, p) => sum.plus(p.amount), ZERO);

describe('ledger postings', () => {
  it('every operation balances per asset, and so does any sequence of them with reversals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(operation, fc.boolean()), { maxLength: 20 }), (ops) => {
        const journal: Posting[] = [];
        for (const [postings, reverse] of ops) {
          if (postings.length) assertBalanced(postings);
          journal.push(...postings);
          if (reverse && postings.length) journal.push(...reversePostings(postings));
        }
        for (const sum of sumByAsset(journal).values()) expect(sum.isZero()).toBe(true);
      }),
    );
  });

  it('a reversal brings every account back to where it was', () => {
    fc.assert(
      fc.property(fc.array(usage, { minLength: 1, maxLength: 5 }), (events) => {
        const postings = usagePostings(events);
        const after = [...postings, ...reversePostings(postings)];
        for (const account of Object.values(LEDGER_ACCOUNTS)) {
          for (const asset of ['USD', 'EUR', CREDIT]) expect(balanceOf(after, account, asset).isZero()).toBe(true);
        }
      }),
    );
  });

  it('usage moves exactly its cost to spend and its credits out of the wallet', () => {
    const postings = usagePostings([
      { projectId: 'p1', cost: new Dec('0.00725'), currency: 'USD', credits: new Dec('0.725') },
      { projectId: 'p1', cost: new Dec('0.01'), currency: 'USD', credits: ZERO },
    ]);
    expect(balanceOf(postings, LEDGER_ACCOUNTS.usageSpend, 'USD').toFixed()).toBe('0.01725');
    expect(balanceOf(postings, LEDGER_ACCOUNTS.creditWallet, CREDIT).toFixed()).toBe('-0.725');
    expect(postings).toHaveLength(4);
  });

  it('refuses an unbalanced or empty transaction', () => {
    const lopsided: Posting[] = [{ account: LEDGER_ACCOUNTS.creditWallet, projectId: null, asset: CREDIT, amount: new Dec(5) }];
    expect(() => assertBalanced(lopsided)).toThrow(/CREDIT postings sum to 5/);
    expect(() => assertBalanced([])).toThrow(/at least one posting/);
    const mixed: Posting[] = [
      { account: LEDGER_ACCOUNTS.usageSpend, projectId: null, asset: 'USD', amount: new Dec(1) },
      { account: LEDGER_ACCOUNTS.usageRevenue, projectId: null, asset: 'EUR', amount: new Dec(-1) },
    ];
    expect(() => assertBalanced(mixed)).toThrow(/does not balance/);
  });
});
