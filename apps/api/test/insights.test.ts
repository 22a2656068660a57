import { randomUUID } from 'node:crypto';
import { Dec } from '@tollgate/core';
import { errorCode, must, startTestApi, type TestApi } from './support/test-api';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let api: TestApi;
let key: string;
let orgId: string;

const RECORD = `mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status } }`;
async function record(events: Array<Record<string, unknown>>, as = key) {
  const results = must(await api.gql(RECORD, { inputs: events.map((e) => ({ idempotencyKey: randomUUID(), provider: 'openai', model: 'gpt-4o', ...e })) }, as)).recordUsageBatch;
  expect(results.filter((r: { status: string }) => r.status !== 'CREATED')).toEqual([]);
}

beforeAll(async () => {
  api = await startTestApi();
  ({ key, orgId } = await api.createOrgWithKey('OWNER', { timezone: 'UTC' }));
  await record([
    { occurredAt: '2025-02-03T10:00:00Z', costOverride: '10' },
    { occurredAt: '2025-02-20T10:00:00Z', costOverride: '10' },
    { occurredAt: '2025-02-21T10:00:00Z', costOverride: '5', provider: 'anthropic', model: 'claude-sonnet-4-5' },
    { occurredAt: '2025-03-01T10:00:00Z', costOverride: '10' },
    { occurredAt: '2025-03-03T10:00:00Z', costOverride: '10' },
    { occurredAt: '2025-03-03T11:00:00Z', costOverride: '10' },
    { occurredAt: '2025-03-04T10:00:00Z', costOverride: '4', provider: 'google', model: 'gemini-2.5-flash' },
  ]);
});
afterAll(() => api.close());

describe('usageReport: trend, comparison, projection', () => {
  const REPORT = `query ($range: TimeRangeInput!, $interval: ReportInterval) {
    usageReport(range: $range, groupBy: [MODEL], interval: $interval) {
      totals { cost }
      trend { group { model } currency costSlopePerInterval costSlopePercent points { bucketStart cost requests } }
      comparison { previousFrom previousTo rows { group { model } currentCost previousCost costChange costChangePercent currentRequests previousRequests requestsChangePercent }
                   totals { currency currentCost previousCost costChange costChangePercent } }
      projection { currency method actualToDate projectedTotal { mean p10 p90 } }
    }
  }`;

  it('compares a whole month with the month before, per group and in total', async () => {
    const { usageReport } = must(await api.gql(REPORT, { range: { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' } }, key));
    expect(usageReport.comparison.previousFrom).toBe('2025-02-01T00:00:00.000Z');
    expect(usageReport.comparison.previousTo).toBe('2025-03-01T00:00:00.000Z');
    expect(usageReport.comparison.rows).toEqual([
      { group: { model: 'gpt-4o' }, currentCost: '30', previousCost: '20', costChange: '10', costChangePercent: 50, currentRequests: 3, previousRequests: 2, requestsChangePercent: 50 },
      { group: { model: 'gemini-2.5-flash' }, currentCost: '4', previousCost: '0', costChange: '4', costChangePercent: null, currentRequests: 1, previousRequests: 0, requestsChangePercent: null },
      { group: { model: 'claude-sonnet-4-5' }, currentCost: '0', previousCost: '5', costChange: '-5', costChangePercent: -100, currentRequests: 0, previousRequests: 1, requestsChangePercent: -100 },
    ]);
    expect(usageReport.comparison.totals).toEqual([{ currency: 'USD', currentCost: '34', previousCost: '25', costChange: '9', costChangePercent: 36 }]);
    expect(usageReport.projection).toEqual([]); // March 2025 has ended
  });

  it('gives every bucket of the range in the trend, zero where nothing was used', async () => {
    const { usageReport } = must(await api.gql(REPORT, { range: { from: '2025-03-01T00:00:00Z', to: '2025-03-05T00:00:00Z' }, interval: 'DAY' }, key));
    const gpt = usageReport.trend.find((s: any) => s.group.model === 'gpt-4o');
    expect(gpt.points).toEqual([
      { bucketStart: '2025-03-01T00:00:00.000Z', cost: '10', requests: 1 },
      { bucketStart: '2025-03-02T00:00:00.000Z', cost: '0', requests: 0 },
      { bucketStart: '2025-03-03T00:00:00.000Z', cost: '20', requests: 2 },
      { bucketStart: '2025-03-04T00:00:00.000Z', cost: '0', requests: 0 },
    ]);
    // Least squares through 10, 0, 20, 0: slope −1 a day on a mean of 7.5.
    expect(gpt.costSlopePerInterval).toBe('-1');
    expect(gpt.costSlopePercent).toBeCloseTo(-13.3333, 3);
    expect(usageReport.trend.map((s: any) => s.group.model).sort()).toEqual(['gemini-2.5-flash', 'gpt-4o']);
  });

  it('projects a range still running from its cost so far and a forecast of the rest', async () => {
    const now = Date.now();
    const days = Array.from({ length: 20 }, (_, i) => new Date(now - (i + 1) * DAY).toISOString());
    const young = await api.createOrgWithKey('OWNER', { timezone: 'UTC' });
    await record(days.map((occurredAt) => ({ occurredAt, costOverride: '3' })), young.key);
    const from = new Date(now - 5 * DAY);
    const to = new Date(now + 5 * DAY);
    const { usageReport } = must(await api.gql(REPORT, { range: { from: from.toISOString(), to: to.toISOString() } }, young.key));
    const [projection] = usageReport.projection;
    expect(projection.currency).toBe('USD');
    expect(projection.method).toMatch(/^HOLT_WINTERS/);
    expect(projection.actualToDate).toBe(usageReport.totals[0].cost);
    // About five more days at 3 a day.
    const rest = new Dec(projection.projectedTotal.mean).minus(projection.actualToDate).toNumber();
    expect(rest).toBeGreaterThan(12);
    expect(rest).toBeLessThan(18);
    expect(new Dec(projection.projectedTotal.p10).lte(projection.projectedTotal.mean) && new Dec(projection.projectedTotal.mean).lte(projection.projectedTotal.p90)).toBe(true);
  });
});

describe('exportReport sections', () => {
  const EXPORT = `query ($format: ExportFormat!, $sections: [ReportSection!]) {
    exportReport(format: $format, range: { from: "2025-03-01T00:00:00Z", to: "2025-04-01T00:00:00Z" }, groupBy: [MODEL], sections: $sections) { filename body }
  }`;

  it('writes the comparison as its own CSV', async () => {
    const { exportReport } = must(await api.gql(EXPORT, { format: 'CSV', sections: ['COMPARISON'] }, key));
    expect(exportReport.filename).toBe('usage-2025-03-01-2025-04-01-comparison.csv');
    const [header, ...rows] = exportReport.body.trim().split('\r\n').map((line: string) => line.split(','));
    expect(header).toEqual(['currency', 'model', 'current_cost', 'previous_cost', 'cost_change', 'cost_change_percent', 'current_requests', 'previous_requests', 'requests_change_percent']);
    expect(rows[0]).toEqual(['USD', 'gpt-4o', '30', '20', '10', '50', '3', '2', '50']);
  });

  it('puts every section in JSON and Markdown, and refuses two in one CSV', async () => {
    const json = JSON.parse(must(await api.gql(EXPORT, { format: 'JSON', sections: ['ROWS', 'TREND', 'COMPARISON', 'PROJECTION'] }, key)).exportReport.body);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['rows', 'totals', 'trend', 'comparison', 'projection']));
    expect(json.comparison.totals[0]).toMatchObject({ currentCost: '34', previousCost: '25' });
    expect(json.trend).toHaveLength(2);
    const markdown = must(await api.gql(EXPORT, { format: 'MARKDOWN', sections: ['TREND', 'COMPARISON'] }, key)).exportReport.body;
    expect(markdown).toContain('## Trend');
    expect(markdown).toContain('## Comparison with 2025-02-01T00:00:00.000Z – 2025-03-01T00:00:00.000Z');
    expect(markdown).toContain('| USD | gpt-4o | 30 | 20 | 10 | 50 | 3 | 2 | 50 |');
    const refused = await api.gql(EXPORT, { format: 'CSV', sections: ['ROWS', 'TREND'] }, key);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.reason).toBe('INVALID_SECTIONS');
  });
});

describe('forecast', () => {
  it('forecasts a budget and the organization; refuses an unclear scope', async () => {
    const now = Date.now();
    await record(Array.from({ length: 21 }, (_, i) => ({ occurredAt: new Date(now - (i + 1) * DAY).toISOString(), costOverride: '2' })));
    const budget = must(await api.gql(`mutation { createBudget(input: { name: "Monthly", period: MONTHLY, action: WARN, costLimit: "1000" }) { id } }`, {}, key)).createBudget;
    const { budget: viewed } = must(
      await api.gql(`query ($id: ID!) { budget(id: $id) { forecast(horizonDays: 7) { scope budgetId measure method limit probabilityOfExceedingLimit periodTotal { mean } daily { day mean } } } }`, { id: budget.id }, key),
    );
    expect(viewed.forecast).toMatchObject({ scope: 'BUDGET', budgetId: budget.id, measure: 'COST', method: expect.stringMatching(/^HOLT_WINTERS/), limit: '1000' });
    expect(viewed.forecast.daily).toHaveLength(7);
    expect(viewed.forecast.probabilityOfExceedingLimit).toBeLessThan(0.01);

    const { forecast } = must(await api.gql(`query { forecast(scope: { organization: true }, horizonDays: 3) { scope currency historyDays horizonTotal { mean p10 p90 } } }`, {}, key));
    expect(forecast).toMatchObject({ scope: 'ORGANIZATION', currency: 'USD' });
    expect(new Dec(forecast.horizonTotal.mean).toNumber()).toBeGreaterThan(2);
    expect(new Dec(forecast.horizonTotal.mean).toNumber()).toBeLessThan(8);

    const unclear = await api.gql(`query { forecast(scope: { organization: true, projectId: "${randomUUID()}" }) { method } }`, {}, key);
    expect(errorCode(unclear)).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(`query { forecast(scope: { budgetId: "${randomUUID()}" }) { method } }`, {}, key))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(`query { forecast(scope: { organization: true }, horizonDays: 1000) { method } }`, {}, key))).toBe('BAD_USER_INPUT');
  });
});

describe('anomalies', () => {
  it('lists what the watch found and lets a member acknowledge it, not a viewer', async () => {
    const hour = new Date('2026-05-11T15:00:00Z');
    const events = Array.from({ length: 15 * 24 }, (_, i) => ({ occurredAt: new Date(hour.getTime() - (i + 1) * HOUR + 60_000).toISOString(), costOverride: (2 + (i % 5) * 0.1).toFixed(2) }));
    events.push({ occurredAt: new Date(hour.getTime() + 60_000).toISOString(), costOverride: '60' });
    const watched = await api.createOrgWithKey('OWNER', { timezone: 'UTC' });
    await record(events, watched.key);
    await api.app.anomalies.scanOrg(watched.orgId, hour);

    const LIST = `query ($filter: AnomalyFilterInput) { anomalies(filter: $filter) { id dimension key currency firstHour hours expected actual score severity method status } }`;
    const { anomalies } = must(await api.gql(LIST, { filter: { dimension: 'MODEL' } }, watched.key));
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ dimension: 'MODEL', key: 'openai/gpt-4o', currency: 'USD', firstHour: hour.toISOString(), hours: 1, actual: '60', status: 'OPEN' });
    expect(new Dec(anomalies[0].expected).toNumber()).toBeLessThan(3);

    const viewer = await api.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { organizationId: watched.orgId, name: 'viewer', role: 'VIEWER' } },
    );
    const ACK = `mutation ($id: ID!) { acknowledgeAnomaly(id: $id) { status acknowledgedBy } }`;
    expect(errorCode(await api.gql(ACK, { id: anomalies[0].id }, must(viewer).createApiKey.secret))).toBe('FORBIDDEN');
    expect(must(await api.gql(ACK, { id: anomalies[0].id }, watched.key)).acknowledgeAnomaly.status).toBe('ACKNOWLEDGED');
    expect(errorCode(await api.gql(ACK, { id: randomUUID() }, watched.key))).toBe('NOT_FOUND');
    // Another org sees none of it.
    expect(must(await api.gql(LIST, {}, key)).anomalies).toEqual([]);
  });
});

describe('costSuggestions', () => {
  it('names a cheaper model of the same family with a saving from the catalog', async () => {
    const thrifty = await api.createOrgWithKey('OWNER', { timezone: 'UTC' });
    const at = new Date(Date.now() - DAY).toISOString();
    await record(Array.from({ length: 200 }, () => ({ occurredAt: at, provider: 'anthropic', model: 'claude-opus-4-5', inputTokens: 3000, outputTokens: 150 })), thrifty.key);
    const { costSuggestions } = must(
      await api.gql(`query { costSuggestions { from to modelSwitches { model suggestedModel family requests currentCost suggestedCost estimatedMonthlySavings message } budgets { score } } }`, {}, thrifty.key),
    );
    // Opus 4.5 (5 / 25 per MTok): 200 × (0.015 + 0.00375) = 3.75; Sonnet 4.5 (3 / 15): 200 × (0.009 + 0.00225) = 2.25.
    expect(costSuggestions.modelSwitches).toEqual([
      expect.objectContaining({ model: 'claude-opus-4-5', suggestedModel: 'claude-sonnet-4-5', family: 'claude-4.5', requests: 200, currentCost: '3.75', suggestedCost: '2.25' }),
    ]);
    expect(costSuggestions.modelSwitches[0].estimatedMonthlySavings).toBe(new Dec('1.5').times(new Dec(365.25).div(12).div(30)).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed());
    const bad = await api.gql(`query { costSuggestions(range: { from: "2025-01-01T00:00:00Z", to: "2025-12-01T00:00:00Z" }) { from } }`, {}, thrifty.key);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });
});
