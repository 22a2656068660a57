import { errorCode, must, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const STATEMENT = `query ($p: String!) { chargebackStatement(period: $p) { period final currency total unclaimed lines { costCenter { code } direct shared total } } }`;

describe('chargebacks', () => {
  it('charges a month back to cost centers by rules, shares the rest, and exports a balanced journal', async () => {
    const { key } = await api.createOrgWithKey('OWNER', { name: 'Umbrella', currency: 'USD', timezone: 'America/Los_Angeles' });
    const project = must(await api.gql(`mutation { createProject(input: { name: "search-app" }) { id } }`, {}, key)).createProject;
    const center = async (code: string, account: string) => must(await api.gql(`mutation ($c: String!, $a: String!) { createCostCenter(code: $c, name: $c, account: $a) { id code } }`, { c: code, a: account }, key)).createCostCenter;
    const [search, ads, platform] = [await center('search', '6100'), await center('ads', '6200'), await center('platform', '6300')];
    const RULE = `mutation ($input: AllocationRuleInput!) { setAllocationRule(input: $input) { id kind matchKey } }`;
    must(await api.gql(RULE, { input: { costCenterId: search.id, projectId: project.id } }, key));
    must(await api.gql(RULE, { input: { costCenterId: ads.id, userId: 'u-42' } }, key));
    must(await api.gql(RULE, { input: { costCenterId: ads.id, tag: { key: 'team', value: 'ads' } } }, key));
    expect(errorCode(await api.gql(RULE, { input: { costCenterId: ads.id, userId: 'u-1', projectId: project.id } }, key))).toBe('BAD_USER_INPUT');

    const event = (n: number, cost: string, extra: Record<string, unknown>) => ({ idempotencyKey: `cb-${n}`, occurredAt: '2026-10-15T12:00:00-07:00', provider: 'openai', model: 'gpt-4o', costOverride: cost, ...extra });
    must(
      await api.gql(`mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`, {
        inputs: [
          event(1, '60.004', { projectId: project.id }),
          event(2, '20.001', { userId: 'u-42' }),
          event(3, '10.002', { tags: [{ key: 'team', value: 'ads' }], projectId: project.id }), // the tag rule is more specific than the project rule
          event(4, '10', { userId: 'u-7' }), // no rule: shared
          event(5, '99', { userId: 'u-42', occurredAt: '2026-11-01T00:00:00-07:00' }), // November in Los Angeles
        ],
      }, key),
    );

    const proportional = must(await api.gql(STATEMENT, { p: '2026-10' }, key)).chargebackStatement;
    // direct: search 60.004, ads 30.003 → 90.01 by largest remainder; 10 shared 2:1
    expect(proportional).toEqual({
      period: '2026-10',
      final: false,
      currency: 'USD',
      total: '100.01',
      unclaimed: '10',
      lines: [
        { costCenter: { code: 'ads' }, direct: '30', shared: '3.33', total: '33.33' },
        { costCenter: { code: 'platform' }, direct: '0', shared: '0', total: '0' },
        { costCenter: { code: 'search' }, direct: '60.01', shared: '6.67', total: '66.68' },
      ],
    });

    const SPLIT = `mutation ($shares: [SharedShareInput!]!) { setSharedCostSplit(shares: $shares) { code sharedPercent } }`;
    expect(errorCode(await api.gql(SPLIT, { shares: [{ costCenterId: platform.id, percent: '90' }] }, key))).toBe('BAD_USER_INPUT');
    must(await api.gql(SPLIT, { shares: [{ costCenterId: platform.id, percent: '70' }, { costCenterId: search.id, percent: '30' }] }, key));
    expect(await api.app.chargebacks.closeEndedMonths(new Date('2026-11-01T08:00:00Z'))).toBe(1);
    const fixed = must(await api.gql(STATEMENT, { p: '2026-10' }, key)).chargebackStatement;
    expect(fixed.final).toBe(true);
    expect(fixed.lines.map((l: { costCenter: { code: string }; total: string }) => [l.costCenter.code, l.total])).toEqual([['ads', '30'], ['platform', '7'], ['search', '63.01']]);

    // Written once: a later rule change does not rewrite a closed month.
    must(await api.gql(SPLIT, { shares: [] }, key));
    expect(await api.app.chargebacks.closeEndedMonths(new Date('2026-11-01T09:00:00Z'))).toBe(0);
    expect(must(await api.gql(STATEMENT, { p: '2026-10' }, key)).chargebackStatement.lines).toEqual(fixed.lines);

    const csv: string = must(await api.gql(`query { chargebackJournal(period: "2026-10") }`, {}, key)).chargebackJournal;
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    expect(rows[0]).toEqual(['date', 'account', 'cost_center', 'debit', 'credit', 'currency']);
    expect(rows.slice(1)).toEqual([
      ['2026-10-31', '6200', 'ads', '30.00', '', 'USD'],
      ['2026-10-31', '6300', 'platform', '7.00', '', 'USD'],
      ['2026-10-31', '6100', 'search', '63.01', '', 'USD'],
      ['2026-10-31', 'AI-SPEND-CLEARING', '', '', '100.01', 'USD'],
    ]);
    expect(errorCode(await api.gql(STATEMENT, { p: '2026-13' }, key))).toBe('BAD_USER_INPUT');
  });
});
