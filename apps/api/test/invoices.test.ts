import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { billingRunId } from '@tollgate/services';
import { errorCode, must, startTestApi, type TestApi } from './support/test-api';

import { readPdfText } from './support/read-pdf';

/** Invoice numbers carry the year they were finalized in. */
const YEAR = new Date().getUTCFullYear();
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ billing: { gracePeriodHours: 240, usageCutoffLagSeconds: 0 } });
});
afterAll(() => api.close());

const INVOICE = `id number status periodStart periodEnd currency subtotal discountTotal taxTotal total prepaidApplied amountDue creditNoteNumber
  taxes { name percent amount } lines { kind chargeCode description quantity unitPrice amount details { description amount } } pdfUrl htmlUrl`;

/** The invoice document over HTTP, as a browser or a download would fetch it. */
const fetchDocument = (path: string, key?: string) => fetch(new URL(path, api.url), { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('invoices through the API', () => {
  it('runs a billing cycle, refreshes the draft, finalizes, renders, pays and voids', async () => {
    const plan = must(
      await api.gql(`mutation ($input: PlanInput!) { createPlan(input: $input) { id } }`, {
        input: {
          code: 'globex-pro',
          name: 'Pro',
          currency: 'EUR',
          billingInterval: 'MONTHLY',
          baseFee: '49',
          charges: [{ code: 'tokens', name: 'Tokens', meter: { aggregation: 'TOKENS_SUM' }, model: { type: 'GRADUATED', tiers: [{ upTo: '10000', unitPrice: '0', flatFee: '0' }, { upTo: null, unitPrice: '0.001' }] } }],
        },
      }),
    ).createPlan;
    const { orgId, key } = await api.createOrgWithKey('OWNER', { name: 'Globex Inc', currency: 'EUR', timezone: 'Europe/Paris' });
    // An anniversary subscription whose first period ended yesterday, local time: still in its grace period.
    const started = DateTime.now().setZone('Europe/Paris').startOf('day').minus({ months: 1, days: 1 });
    const periodEnd = started.plus({ months: 1 });
    const sub = must(
      await api.gql(`mutation ($p: ID!, $at: DateTime!) { createSubscription(planId: $p, anchor: ANNIVERSARY, startedAt: $at) { id } }`, { p: plan.id, at: started.toISO() }, key),
    ).createSubscription;
    must(await api.gql(`mutation { setBillingSettings(taxRates: [{ name: "VAT", percent: "20" }]) { invoicePrefix taxRates { name percent } } }`, {}, key));
    const usage = (tokens: number, at: DateTime) => ({ idempotencyKey: randomUUID(), occurredAt: at.toISO(), provider: 'openai', model: 'gpt-4o', inputTokens: tokens, outputTokens: 0 });
    must(await api.gql(`mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`, { inputs: [usage(15_000, started.plus({ days: 3 })), usage(1_000, periodEnd.plus({ hours: 1 }))] }, key));

    expect(errorCode(await api.gql(`mutation ($at: DateTime!) { runBillingCycle(periodEnd: $at) { id } }`, { at: DateTime.now().plus({ days: 1 }).toISO() }, key))).toBe('BAD_USER_INPUT');
    const runs = must(await api.gql(`mutation ($at: DateTime!) { runBillingCycle(periodEnd: $at) { id status subscriptionId periodStart periodEnd } }`, { at: new Date().toISOString() }, key)).runBillingCycle;
    expect(runs).toEqual([{ id: billingRunId(orgId, sub.id, started.toJSDate()), status: 'QUEUED', subscriptionId: sub.id, periodStart: started.toUTC().toISO(), periodEnd: periodEnd.toUTC().toISO() }]);
    // The worker's job, run in-process here (the worker tests run it through BullMQ). The usage was priced in USD:
    // without a USD→EUR rate the run fails, says why, and writes nothing.
    const job = { orgId, runId: runs[0].id, subscriptionId: sub.id, periodStart: runs[0].periodStart };
    await expect(api.app.billing.processRun(job)).rejects.toMatchObject({ reason: 'NO_FX_RATE' });
    expect(must(await api.gql(`{ billingRuns { status error } invoices { edges { node { id } } } }`, {}, key))).toEqual({
      billingRuns: [{ status: 'FAILED', error: expect.stringMatching(/^No FX rate from USD to EUR/) }],
      invoices: { edges: [] },
    });
    must(await api.gql(`mutation { setFxRate(input: { base: "USD", quote: "EUR", rate: "0.9", effectiveFrom: "2026-01-01T00:00:00Z" }) { rate } }`));
    await api.app.billing.processRun(job);
    expect(must(await api.gql(`{ billingRuns { id status stage attempts error } }`, {}, key)).billingRuns).toEqual([{ id: runs[0].id, status: 'COMPLETED', stage: 'DRAFT', attempts: 2, error: null }]);

    const list = must(await api.gql(`{ invoices { edges { node { ${INVOICE} } } pageInfo { hasNextPage } } }`, {}, key)).invoices;
    const draft = list.edges[0].node;
    // 49 + 5,000 tokens over the free 10,000 at 0.001 = 54, VAT 10.80
    expect(draft).toMatchObject({ status: 'DRAFT', number: null, currency: 'EUR', subtotal: '54', taxTotal: '10.8', total: '64.8', amountDue: '64.8' });
    expect(draft.lines.map((l: { kind: string; amount: string }) => [l.kind, l.amount])).toEqual([['PLAN_FEE', '49'], ['CHARGE', '5']]);
    expect(draft.lines[1].details.map((d: { amount: string }) => d.amount)).toEqual(['0', '5']);

    // Late usage during the grace period still lands on the draft.
    must(await api.gql(`mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`, { inputs: [usage(2_000, started.plus({ days: 10 }))] }, key));
    expect(must(await api.gql(`mutation ($id: ID!) { refreshInvoice(id: $id) { subtotal } }`, { id: draft.id }, key)).refreshInvoice.subtotal).toBe('56');

    expect(errorCode(await api.gql(`mutation ($id: ID!) { finalizeInvoice(id: $id) { id } }`, { id: draft.id }, key))).toBe('FORBIDDEN');
    const finalized = must(await api.gql(`mutation ($id: ID!, $org: ID!) { finalizeInvoice(id: $id, organizationId: $org) { ${INVOICE} } }`, { id: draft.id, org: orgId })).finalizeInvoice;
    expect(finalized).toMatchObject({ status: 'FINALIZED', number: `GLOBEX-${DateTime.now().setZone('Europe/Paris').year}-0001`, total: '67.2' });
    expect(errorCode(await api.gql(`mutation ($id: ID!) { refreshInvoice(id: $id) { id } }`, { id: draft.id }, key))).toBe('CONFLICT');

    const pdf = await fetchDocument(finalized.pdfUrl, key);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const parsed = await readPdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(parsed.pages).toBe(1);
    expect(parsed.text).toContain(`Invoice ${finalized.number}`);
    expect(parsed.text).toMatch(/Amount due\s*67\.20 EUR/);
    expect(parsed.text).toMatch(/VAT 20%\s*11\.20 EUR/);
    const html = await fetchDocument(finalized.htmlUrl, key);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/Amount due<\/td><td class="n">67\.20 EUR/);
    expect((await fetchDocument(finalized.pdfUrl)).status).toBe(401);
    const stranger = await api.createOrgWithKey('OWNER');
    expect((await fetchDocument(finalized.pdfUrl, stranger.key)).status).toBe(404);
    expect(must(await api.gql(`{ invoices { edges { node { id } } } }`, {}, stranger.key)).invoices.edges).toEqual([]);

    const PAY = `mutation ($id: ID!, $org: ID!) { markInvoicePaid(id: $id, organizationId: $org, paymentReference: "SEPA-42") { status paidAt paymentReference } }`;
    const paid = must(await api.gql(PAY, { id: draft.id, org: orgId })).markInvoicePaid;
    expect(paid).toMatchObject({ status: 'PAID', paymentReference: 'SEPA-42' });
    expect(must(await api.gql(PAY, { id: draft.id, org: orgId })).markInvoicePaid.paidAt).toBe(paid.paidAt);
    expect(errorCode(await api.gql(`mutation ($id: ID!, $org: ID!) { voidInvoice(id: $id, organizationId: $org, reason: "x") { id } }`, { id: draft.id, org: orgId }))).toBe('CONFLICT');
    const ledger = await api.app.dataSource.query(
      `SELECT account, sum(amount)::text AS balance FROM ledger_postings WHERE org_id = $1 AND asset = 'EUR' GROUP BY account ORDER BY account`,
      [orgId],
    );
    expect(ledger.map((r: { account: string; balance: string }) => [r.account, Number(r.balance)])).toEqual([
      ['org:receivable', 0],
      ['system:billing_revenue', -56],
      ['system:payments', 67.2],
      ['system:tax_payable', -11.2],
    ]);
  });

  it('voids a finalized invoice with a credit note and a reversal', async () => {
    const plan = must(await api.gql(`mutation { createPlan(input: { code: "flat", name: "Flat", currency: "USD", billingInterval: MONTHLY, baseFee: "10" }) { id } }`)).createPlan;
    const { orgId, key } = await api.createOrgWithKey('OWNER', { name: 'Initech', currency: 'USD', timezone: 'UTC' });
    const sub = must(await api.gql(`mutation ($p: ID!) { createSubscription(planId: $p, startedAt: "2026-01-01T00:00:00Z") { id } }`, { p: plan.id }, key)).createSubscription;
    const invoice = await api.app.billing.processRun({ orgId, runId: billingRunId(orgId, sub.id, new Date('2026-01-01T00:00:00Z')), subscriptionId: sub.id, periodStart: '2026-01-01T00:00:00.000Z' });
    expect(invoice).toMatchObject({ status: 'FINALIZED', number: `INITECH-${YEAR}-0001` });
    const voided = must(await api.gql(`mutation ($id: ID!, $org: ID!) { voidInvoice(id: $id, organizationId: $org, reason: "billed in error") { status number creditNoteNumber total } }`, { id: invoice.id, org: orgId })).voidInvoice;
    expect(voided).toEqual({ status: 'VOID', number: `INITECH-${YEAR}-0001`, creditNoteNumber: `INITECH-CN-${YEAR}-0001`, total: '10' });
    const [receivable] = await api.app.dataSource.query(`SELECT sum(amount)::text AS balance FROM ledger_postings WHERE org_id = $1 AND account = 'org:receivable'`, [orgId]);
    expect(Number(receivable.balance)).toBe(0);
    // The next period is billed as usual, with the next number.
    const february = await api.app.billing.processRun({ orgId, runId: 'feb', subscriptionId: sub.id, periodStart: '2026-02-01T00:00:00.000Z' });
    expect(february.number).toBe(`INITECH-${YEAR}-0002`);
  });

  it('refuses bad billing input with a code and a field', async () => {
    const { orgId, key } = await api.createOrgWithKey('OWNER');
    const bad = await api.gql(`mutation { setBillingSettings(invoicePrefix: "acme!") { invoicePrefix } }`, {}, key);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect((bad.errors as any)[0].extensions).toMatchObject({ reason: 'INVALID_PREFIX', details: { field: 'invoicePrefix' } });
    const both = await api.gql(`mutation ($org: ID!) { createCoupon(input: { organizationId: $org, name: "x", percentOff: "10", amountOff: "5", currency: "USD" }) { id } }`, { org: orgId });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(`mutation { createCoupon(input: { name: "mine", percentOff: "100" }) { id } }`, {}, key))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(`mutation { setFxRate(input: { base: "EUR", quote: "EUR", rate: "1", effectiveFrom: "2026-01-01T00:00:00Z" }) { rate } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(`{ invoice(id: "${randomUUID()}") { id } }`, {}, key))).toBe('NOT_FOUND');
    expect(must(await api.gql(`{ billingSettings { invoicePrefix currency prepaidBalance } }`, {}, key)).billingSettings).toEqual({ invoicePrefix: 'ACME', currency: 'USD', prepaidBalance: '0' });
  });
});
