import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Dec, ZERO } from '@tollgate/core';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let api: TestApi;
let key: string;
let orgId: string;
const ZONE = 'Europe/Paris';
const FROM = '2025-03-28T00:00:00Z';
const TO = '2025-04-02T00:00:00Z';

type Event = Record<string, any> & { occurredAt: string };
let events: Event[] = [];

beforeAll(async () => {
  api = await startTestApi();
  ({ key, orgId } = await api.createOrgWithKey('OWNER', { timezone: ZONE }));
  const projects = await Promise.all(
    ['chat', 'search'].map(async (name) => (await api.gql(`mutation { createProject(input: {name: "${name}"}) { id } }`, {}, key)).data?.createProject.id as string),
  );
  const event = fc.record({
    occurredAt: fc.integer({ min: Date.parse(FROM) - 6 * 3_600_000, max: Date.parse(TO) + 6 * 3_600_000 - 1 }).map((ms) => new Date(ms).toISOString()),
    model: fc.constantFrom(['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-3-5-haiku'], ['google', 'gemini-2.0-flash']),
    projectId: fc.constantFrom(null, ...projects),
    userId: fc.constantFrom(null, 'u1', 'u2', 'u3'),
    sessionId: fc.constantFrom(null, 's1', 's2'),
    feature: fc.constantFrom(null, 'chat', 'summarize'),
    team: fc.constantFrom(null, 'red', 'blue'),
    inputTokens: fc.integer({ min: 0, max: 50_000 }),
    outputTokens: fc.integer({ min: 0, max: 5_000 }),
    latencyMs: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
    success: fc.boolean(),
  });
  const generated = fc.sample(event, { numRuns: 400, seed: 20251123 });
  events = generated.map((e) => ({
    idempotencyKey: randomUUID(),
    occurredAt: e.occurredAt,
    provider: e.model[0],
    model: e.model[1],
    projectId: e.projectId,
    userId: e.userId,
    sessionId: e.sessionId,
    feature: e.feature,
    tags: e.team ? [{ key: 'team', value: e.team }] : null,
    inputTokens: e.inputTokens,
    outputTokens: e.outputTokens,
    latencyMs: e.latencyMs,
    success: e.success,
  }));
  const recorded = await api.gql(`mutation ($inputs: [UsageInput!]!) { recordUsageBatch(inputs: $inputs) { status cost } }`, { inputs: events }, key);
  const results = recorded.data?.recordUsageBatch as Array<{ status: string; cost: string }>;
  expect(results.filter((r) => r.status !== 'CREATED')).toEqual([]);
  events.forEach((e, i) => (e.cost = results[i]?.cost));
});
afterAll(() => api.close());

const REPORT = `query ($range: TimeRangeInput!, $groupBy: [ReportDimension!], $tagKey: String, $interval: ReportInterval, $filter: UsageFilterInput) {
  usageReport(range: $range, groupBy: $groupBy, tagKey: $tagKey, interval: $interval, filter: $filter) {
    source timezone
    rows { bucketStart currency cost credits requests errors inputTokens outputTokens avgLatencyMs p95LatencyMs group { provider model projectId userId sessionId category feature tagValue } }
    totals { currency cost requests errors inputTokens }
  }
}`;

const inRange = (e: Event) => e.occurredAt >= FROM && e.occurredAt < TO;
const sumCost = (list: Event[]) => list.reduce((total, e) => total.plus(e.cost), ZERO);
const report = async (variables: Record<string, unknown>) => {
  const response = await api.gql(REPORT, { range: { from: FROM, to: TO }, ...variables }, key);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.usageReport;
};

const GROUP_OF: Record<string, (e: Event) => string | null> = {
  PROVIDER: (e) => e.provider,
  MODEL: (e) => e.model,
  PROJECT: (e) => e.projectId,
  USER: (e) => e.userId,
  SESSION: (e) => e.sessionId,
  CATEGORY: () => 'LLM_INFERENCE',
  FEATURE: (e) => e.feature,
  TAG: (e) => e.tags?.[0]?.value ?? null,
};
const FIELD_OF: Record<string, string> = { PROVIDER: 'provider', MODEL: 'model', PROJECT: 'projectId', USER: 'userId', SESSION: 'sessionId', CATEGORY: 'category', FEATURE: 'feature', TAG: 'tagValue' };

describe('usageReport', () => {
  it.each(Object.keys(GROUP_OF))('grouped by %s, sums every group exactly as the raw events do', async (dimension) => {
    const result = await report({ groupBy: [dimension], tagKey: dimension === 'TAG' ? 'team' : null });
    expect(result.source).toBe(['USER', 'SESSION', 'TAG'].includes(dimension) ? 'EVENTS' : 'ROLLUPS');
    const expected = new Map<string | null, Event[]>();
    for (const e of events.filter(inRange)) expected.set(GROUP_OF[dimension]!(e), [...(expected.get(GROUP_OF[dimension]!(e)) ?? []), e]);
    expect(result.rows).toHaveLength(expected.size);
    for (const row of result.rows) {
      const group = expected.get(row.group[FIELD_OF[dimension]!]) ?? [];
      expect(new Dec(row.cost).equals(sumCost(group))).toBe(true);
      expect(row.requests).toBe(group.length);
      expect(row.errors).toBe(group.filter((e) => !e.success).length);
      expect(row.inputTokens).toBe(group.reduce((t, e) => t + e.inputTokens, 0));
    }
    expect(new Dec(result.totals[0].cost).equals(sumCost(events.filter(inRange)))).toBe(true);
  });

  it('buckets by local day across the DST change, as luxon counts days in Europe/Paris', async () => {
    const result = await report({ interval: 'DAY', groupBy: ['MODEL'] });
    const expected = new Map<string, Dec>();
    for (const e of events.filter(inRange)) {
      const day = DateTime.fromISO(e.occurredAt).setZone(ZONE).startOf('day').toUTC().toISO()!;
      const k = `${day}|${e.model}`;
      expected.set(k, (expected.get(k) ?? ZERO).plus(e.cost));
    }
    const actual = new Map<string, string>(result.rows.map((row: any) => [`${new Date(row.bucketStart).toISOString().replace('.000Z', '.000Z')}|${row.group.model}`, row.cost]));
    expect(new Set([...actual.keys()].map((k) => k.split('|')[0]))).toContain('2025-03-29T23:00:00.000Z');
    expect(new Set([...actual.keys()].map((k) => k.split('|')[0]))).toContain('2025-03-30T22:00:00.000Z');
    expect(actual.size).toBe(expected.size);
    for (const [k, cost] of expected) expect(new Dec(actual.get(k) ?? 'NaN').equals(cost)).toBe(true);
  });

  it('gives the same numbers from rollups and from raw events for the same question', async () => {
    const rollups = await report({ groupBy: ['PROVIDER'], interval: 'HOUR' });
    expect(rollups.source).toBe('ROLLUPS');
    // One millisecond past a quarter hour: only raw events can answer exactly.
    const unaligned = await api.gql(REPORT, { range: { from: FROM, to: new Date(Date.parse(TO) + 1).toISOString() }, groupBy: ['PROVIDER'], interval: 'HOUR' }, key);
    expect(unaligned.data?.usageReport.source).toBe('EVENTS');
    const strip = (rows: any[]) => rows.map((r) => [r.bucketStart, r.group.provider, new Dec(r.cost).toFixed(), r.requests, r.avgLatencyMs]);
    expect(strip(unaligned.data?.usageReport.rows)).toEqual(strip(rollups.rows));
  });

  it('never reports a p95 above the slowest call', async () => {
    const { key: own } = await api.createOrgWithKey('OWNER', { timezone: ZONE });
    await api.gql(`mutation ($input: UsageInput!) { recordUsage(input: $input) { status } }`, { input: { idempotencyKey: randomUUID(), occurredAt: '2025-03-28T10:00:00Z', costOverride: '0.01', latencyMs: 840 } }, own);
    const rows = (await api.gql(REPORT, { range: { from: FROM, to: TO } }, own)).data?.usageReport;
    expect(rows.source).toBe('ROLLUPS');
    expect(rows.rows[0].p95LatencyMs).toBe(840);
  });

  it('filters by tag, user and project', async () => {
    const red = await report({ filter: { tag: { key: 'team', value: 'red' } } });
    expect(new Dec(red.totals[0].cost).equals(sumCost(events.filter((e) => inRange(e) && e.tags?.[0]?.value === 'red')))).toBe(true);
    const u2 = await report({ filter: { userId: 'u2' } });
    expect(u2.totals[0].requests).toBe(events.filter((e) => inRange(e) && e.userId === 'u2').length);
  });

  it('refuses a backwards range and TAG without a tag key', async () => {
    expect(errorCode(await api.gql(REPORT, { range: { from: TO, to: FROM } }, key))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(REPORT, { range: { from: FROM, to: TO }, groupBy: ['TAG'] }, key))).toBe('BAD_USER_INPUT');
  });

  it('never shows another organization’s usage', async () => {
    const other = await api.createOrgWithKey('VIEWER', { timezone: ZONE });
    const response = await api.gql(REPORT, { range: { from: FROM, to: TO } }, other.key);
    expect(response.data?.usageReport.rows).toEqual([]);
    expect(orgId).not.toBe(other.orgId);
  });
});

describe('exportReport', () => {
  const EXPORT = `query ($format: ExportFormat!, $range: TimeRangeInput!) { exportReport(format: $format, range: $range, groupBy: [MODEL], interval: DAY) { contentType filename body } }`;

  it('CSV parses back to the report’s numbers', async () => {
    const { body, contentType } = (await api.gql(EXPORT, { format: 'CSV', range: { from: FROM, to: TO } }, key)).data?.exportReport;
    expect(contentType).toBe('text/csv');
    const [header, ...lines] = body.trim().split('\r\n').map((line: string) => line.split(','));
    const costAt = header.indexOf('cost');
    const requestsAt = header.indexOf('requests');
    const total = lines.reduce((sum: Dec, line: string[]) => sum.plus(line[costAt]!), ZERO);
    expect(total.equals(sumCost(events.filter(inRange)))).toBe(true);
    expect(lines.reduce((n: number, line: string[]) => n + Number(line[requestsAt]), 0)).toBe(events.filter(inRange).length);
  });

  it('JSON parses back to the report, decimals as strings', async () => {
    const { body } = (await api.gql(EXPORT, { format: 'JSON', range: { from: FROM, to: TO } }, key)).data?.exportReport;
    const parsed = JSON.parse(body);
    const report = (await api.gql(REPORT, { range: { from: FROM, to: TO }, groupBy: ['MODEL'], interval: 'DAY' }, key)).data?.usageReport;
    expect(parsed.rows.map((r: any) => r.cost)).toEqual(report.rows.map((r: any) => r.cost));
    expect(new Dec(parsed.totals[0].cost).equals(new Dec(report.totals[0].cost))).toBe(true);
  });

  it('Markdown has a row per group and bucket and the totals', async () => {
    const { body } = (await api.gql(EXPORT, { format: 'MARKDOWN', range: { from: FROM, to: TO } }, key)).data?.exportReport;
    const report = (await api.gql(REPORT, { range: { from: FROM, to: TO }, groupBy: ['MODEL'], interval: 'DAY' }, key)).data?.usageReport;
    expect(body.split('\n').filter((line: string) => line.startsWith('| 2025-'))).toHaveLength(report.rows.length);
    expect(body).toContain(`| USD | ${report.totals[0].requests} |`);
  });
});
