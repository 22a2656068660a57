import { Dec } from '@tollgate/core';
import type { InvoiceRow } from '@tollgate/db';
import { billingRunId, endedPeriods } from '../src/billing/billing-scheduler';
import type { Principal } from '../src/auth/principal';
import { createTestAppContext, type TestAppContext } from '../src/testing/test-app-context';
import type { UsageInput } from '../src/usage/usage.input';

/** Invoice numbers carry the year they were finalized in. */
const YEAR = new Date().getUTCFullYear();
let ctx: TestAppContext;
const platform: Principal = { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };
const ownerOf = (orgId: string): Principal => ({ kind: 'API_KEY', orgId, role: 'OWNER', keyId: 'k', actor: 'api-key:test' });

beforeAll(async () => {
  ctx = await createTestAppContext('billing', {}, { billing: { gracePeriodHours: 0, usageCutoffLagSeconds: 0 } });
});
afterAll(() => ctx.teardown());

let planSeq = 0;
async function plan(baseFee: string, charges: unknown[] = [], extra: Record<string, unknown> = {}) {
  return ctx.app.plans.createPlan(platform, { code: `plan-${++planSeq}`, name: `Plan ${planSeq}`, currency: 'USD', billingInterval: 'MONTHLY', baseFee: new Dec(baseFee), charges: charges as never, ...extra });
}

async function org(name: string, timezone: string) {
  return ctx.app.organizations.createOrganization(platform, { name, currency: 'USD', timezone });
}

async function record(orgId: string, events: Array<Partial<UsageInput> & { at: string; cost: string }>) {
  const results = await ctx.app.usage.recordUsageBatch(
    ownerOf(orgId),
    events.map(({ at, cost, ...rest }, i) => ({ idempotencyKey: `${at}-${cost}-${i}-${Math.random()}`, occurredAt: new Date(at), provider: 'openai', model: 'gpt-4o', costOverride: new Dec(cost), ...rest })),
  );
  expect(results.map((r) => r.status)).toEqual(events.map(() => 'CREATED'));
}

/** Runs the billing job of a subscription's period the way the worker does. */
const bill = (orgId: string, subscriptionId: string, periodStart: Date) =>
  ctx.app.billing.processRun({ orgId, runId: billingRunId(orgId, subscriptionId, periodStart), subscriptionId, periodStart: periodStart.toISOString() });

const linesOf = async (invoice: InvoiceRow) =>
  ((await ctx.app.billing.invoiceLines(invoice.orgId, [invoice.id])).get(invoice.id) ?? []).map((l) => ({ kind: l.kind, code: l.chargeCode, amount: l.amount.toFixed() }));

describe('an invoice with a coupon, tax, prepaid money, FX and late usage', () => {
  it('bills August exactly, then puts usage that arrived after finalization on September', async () => {
    const acme = await org('Acme Corp', 'America/New_York');
    const pro = await plan('100', [
      { code: 'resale', name: 'Model usage', meter: { aggregation: 'COST_SUM' }, model: { type: 'COST_PLUS', markup: '0.2' } },
      { code: 'calls', name: 'OpenAI calls', meter: { aggregation: 'REQUESTS', provider: 'openai' }, model: { type: 'STANDARD', unitPrice: '0.01' } },
    ]);
    const august = new Date('2026-08-01T04:00:00Z'); // midnight in New York
    const sub = await ctx.app.plans.createSubscription(platform, { organizationId: acme.id, planId: pro.id, anchor: 'CALENDAR', startedAt: august });
    await ctx.app.billingSettings.setBillingSettings(platform, { organizationId: acme.id, taxRates: [{ name: 'VAT', percent: new Dec(20) }] });
    await ctx.app.billingSettings.createCoupon(platform, { organizationId: acme.id, name: 'Launch 10%', percentOff: new Dec(10), durationPeriods: 1, appliesFrom: august });
    await ctx.app.billingSettings.setFxRate(platform, { base: 'EUR', quote: 'USD', rate: new Dec('1.1'), effectiveFrom: new Date('2026-07-01T00:00:00Z') });
    await ctx.app.billingSettings.setFxRate(platform, { base: 'EUR', quote: 'USD', rate: new Dec('9'), effectiveFrom: new Date('2026-10-01T00:00:00Z') });
    expect(await ctx.app.billingSettings.addPrepaidBalance(platform, { organizationId: acme.id, amount: new Dec(50), idempotencyKey: 'wire-1' })).toEqual(new Dec(50));
    expect(await ctx.app.billingSettings.addPrepaidBalance(platform, { organizationId: acme.id, amount: new Dec(50), idempotencyKey: 'wire-1' })).toEqual(new Dec(50));

    await record(acme.id, [
      { at: '2026-08-03T12:00:00Z', cost: '10.005' },
      { at: '2026-08-15T12:00:00Z', cost: '20' },
      { at: '2026-09-01T03:59:59Z', cost: '5.5' }, // still August in New York
      { at: '2026-08-20T12:00:00Z', cost: '10', currency: 'EUR' },
      { at: '2026-08-21T12:00:00Z', cost: '7', provider: 'anthropic', model: 'claude-sonnet-4' },
      { at: '2026-09-01T04:00:00Z', cost: '2' }, // September
    ]);

    const first = await bill(acme.id, sub.id, august);
    expect(first).toMatchObject({ status: 'FINALIZED', number: `ACME-${YEAR}-0001`, currency: 'USD' });
    expect(first.periodEnd.toISOString()).toBe('2026-09-01T04:00:00.000Z');
    // cost 10.005 + 20 + 5.5 + 10 EUR × 1.1 + 7 = 53.505 → × 1.2 = 64.206; 4 OpenAI calls × 0.01
    expect(await linesOf(first)).toEqual([
      { kind: 'PLAN_FEE', code: null, amount: '100' },
      { kind: 'CHARGE', code: 'resale', amount: '64.21' },
      { kind: 'CHARGE', code: 'calls', amount: '0.04' },
    ]);
    // 164.25 − 10% (16.425 → 16.43) = 147.82; VAT 20% = 29.564 → 29.56; total 177.38; 50 prepaid
    expect([first.subtotal, first.discountTotal, first.taxTotal, first.total, first.prepaidApplied, first.amountDue].map((d) => d.toFixed())).toEqual(['164.25', '16.43', '29.56', '177.38', '50', '127.38']);

    // Arrives after August was finalized: it never changes that invoice and lands on September's.
    await record(acme.id, [{ at: '2026-08-25T12:00:00Z', cost: '1' }]);
    const again = await bill(acme.id, sub.id, august);
    expect(again.total.toFixed()).toBe('177.38');
    const second = await bill(acme.id, sub.id, first.periodEnd);
    expect(second.number).toBe(`ACME-${YEAR}-0002`);
    expect(await linesOf(second)).toEqual([
      { kind: 'PLAN_FEE', code: null, amount: '100' },
      { kind: 'CHARGE', code: 'resale', amount: '2.4' },
      { kind: 'CHARGE', code: 'calls', amount: '0.01' },
      { kind: 'LATE_USAGE', code: 'resale', amount: '1.2' },
      { kind: 'LATE_USAGE', code: 'calls', amount: '0.01' },
    ]);
    // The coupon was for one period; the prepaid money is used up.
    expect([second.subtotal, second.discountTotal, second.taxTotal, second.total, second.prepaidApplied].map((d) => d.toFixed())).toEqual(['103.62', '0', '20.72', '124.34', '0']);

    await expect(ctx.app.dataSource.query(`UPDATE invoices SET total = total + 1, subtotal = subtotal + 1 WHERE id = $1`, [first.id])).rejects.toThrow(/cannot change/);
    await expect(ctx.app.dataSource.query(`DELETE FROM invoice_lines WHERE invoice_id = $1`, [first.id])).rejects.toThrow(/cannot change/);

    // Ledger (platform books, debits positive): receivable = both totals less the prepaid money used; billed revenue = net of discounts.
    const balances = await ctx.app.dataSource.query(
      `SELECT account, sum(amount)::text AS balance FROM ledger_postings WHERE org_id = $1 AND asset = 'USD' AND account IN ('org:receivable', 'system:billing_revenue', 'system:tax_payable', 'org:prepaid') GROUP BY account ORDER BY account`,
      [acme.id],
    );
    expect(Object.fromEntries(balances.map((b: { account: string; balance: string }) => [b.account, new Dec(b.balance).toFixed()]))).toEqual({
      'org:prepaid': '0',
      'org:receivable': '251.72',
      'system:billing_revenue': '-251.44',
      'system:tax_payable': '-50.28',
    });
  });
});

describe('upgrades prorate by the real number of days in the month', () => {
  it.each([
    ['January (31 days), upgraded on the 11th', '2026-01-01T00:00:00+01:00', '2026-01-11T00:00:00+01:00', ['6.45', '33.87']],
    ['February (28 days), upgraded on the 15th', '2026-02-01T00:00:00+01:00', '2026-02-15T00:00:00+01:00', ['10', '25']],
  ])('%s', async (_, start, change, fees) => {
    const paris = await org('Prorata', 'Europe/Paris');
    const [basic, pro] = [await plan('20'), await plan('50')];
    const sub = await ctx.app.plans.createSubscription(platform, { organizationId: paris.id, planId: basic.id, anchor: 'CALENDAR', startedAt: new Date(start) });
    await ctx.app.dataSource.query(
      `INSERT INTO subscription_plan_changes (org_id, id, subscription_id, from_plan_id, to_plan_id, kind, effective_at, created_by) VALUES ($1, gen_random_uuid(), $2, $3, $4, 'UPGRADE', $5, 'test')`,
      [paris.id, sub.id, basic.id, pro.id, new Date(change)],
    );
    const invoice = await bill(paris.id, sub.id, new Date(start));
    expect((await linesOf(invoice)).map((l) => l.amount)).toEqual(fees);
    expect(invoice.planId).toBe(pro.id);
  });
});

describe('billing periods end in the org timezone', () => {
  it('ends a Tokyo month at 15:00 UTC and bills usage by the local month', async () => {
    const tokyo = await org('Tokyo', 'Asia/Tokyo');
    const metered = await plan('0', [{ code: 'calls', name: 'Calls', meter: { aggregation: 'REQUESTS' }, model: { type: 'STANDARD', unitPrice: '1' } }]);
    const startedAt = new Date('2026-03-01T00:00:00+09:00');
    const sub = await ctx.app.plans.createSubscription(platform, { organizationId: tokyo.id, planId: metered.id, anchor: 'CALENDAR', startedAt });
    const row = { orgId: tokyo.id, id: sub.id, anchor: 'CALENDAR' as const, billingInterval: 'MONTHLY' as const, startedAt, endsAt: null, timezone: 'Asia/Tokyo', billedUntil: null };
    expect(endedPeriods(row, new Date('2026-03-31T14:59:59Z'))).toEqual([]);
    expect(endedPeriods(row, new Date('2026-03-31T15:00:00Z'))).toEqual([{ start: startedAt, end: new Date('2026-03-31T15:00:00Z') }]);

    const runs = await ctx.app.billingRuns.scheduleDueRuns(new Date('2026-04-01T00:00:00Z'), 'test', tokyo.id);
    expect(runs.map((r) => [r.id, r.status])).toEqual([[billingRunId(tokyo.id, sub.id, startedAt), 'QUEUED']]);
    await record(tokyo.id, [
      { at: '2026-03-31T14:30:00Z', cost: '1' },
      { at: '2026-03-31T15:30:00Z', cost: '1' },
    ]);
    const march = await bill(tokyo.id, sub.id, startedAt);
    expect(march.subtotal.toFixed()).toBe('1');
    expect(march.number).toBe(`TOKYO-${YEAR}-0001`);
  });
});

describe('exactly once', () => {
  it('makes one invoice and one number however many runs race for a period', async () => {
    const racing = await org('Race', 'UTC');
    const flat = await plan('10');
    const startedAt = new Date('2026-05-01T00:00:00Z');
    const sub = await ctx.app.plans.createSubscription(platform, { organizationId: racing.id, planId: flat.id, anchor: 'CALENDAR', startedAt });
    const results = await Promise.all(Array.from({ length: 6 }, () => bill(racing.id, sub.id, startedAt)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [count] = await ctx.app.dataSource.query(`SELECT count(*)::int AS n, max(number) AS number FROM invoices WHERE org_id = $1`, [racing.id]);
    expect(count).toEqual({ n: 1, number: `RACE-${YEAR}-0001` });
    // Billing June first creates and finalizes May's before it (the chain of cutoffs has no holes).
    const july = await bill(racing.id, sub.id, new Date('2026-07-01T00:00:00Z'));
    const numbers = await ctx.app.dataSource.query(`SELECT number FROM invoices WHERE org_id = $1 ORDER BY period_start`, [racing.id]);
    expect(numbers.map((n: { number: string }) => n.number)).toEqual([`RACE-${YEAR}-0001`, `RACE-${YEAR}-0002`, `RACE-${YEAR}-0003`]);
    expect(july.number).toBe(`RACE-${YEAR}-0003`);
  });
});
