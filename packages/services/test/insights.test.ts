import { Dec, localDayStart, addLocalDays } from '@tollgate/core';
import type { Principal } from '../src/auth/principal';
import { createTestAppContext, type TestAppContext } from '../src/testing/test-app-context';
import type { UsageInput } from '../src/usage/usage.input';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
jest.setTimeout(30_000);
let ctx: TestAppContext;
const platform: Principal = { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };
const ownerOf = (orgId: string): Principal => ({ kind: 'API_KEY', orgId, role: 'OWNER', keyId: 'k', actor: 'api-key:test' });

beforeAll(async () => {
  ctx = await createTestAppContext('insights');
});
afterAll(() => ctx.teardown());

let orgSeq = 0;
const org = async (timezone = 'UTC') => ctx.app.organizations.createOrganization(platform, { name: `Insights ${++orgSeq}`, currency: 'USD', timezone });

async function record(orgId: string, events: Array<Partial<UsageInput> & { at: Date }>) {
  for (let i = 0; i < events.length; i += 5000) {
    const batch = events.slice(i, i + 5000);
    const results = await ctx.app.usage.recordUsageBatch(
      ownerOf(orgId),
      batch.map(({ at, ...rest }, j) => ({ idempotencyKey: `${at.toISOString()}-${i + j}`, occurredAt: at, provider: 'openai', model: 'gpt-4o', ...rest })),
    );
    expect(results.filter((r) => r.status !== 'CREATED')).toEqual([]);
  }
}

/** Business-hours shaped hourly cost with a fixed ±10% wobble: deterministic, seasonal, not flat. */
const hourlyCost = (base: number, hour: Date, i: number) => {
  const h = hour.getUTCHours();
  const daily = h >= 8 && h < 20 ? 1.6 : 0.5;
  const wobble = 1 + 0.1 * Math.sin(i * 12.9898);
  return new Dec((base * daily * wobble).toFixed(6));
};

describe('the hourly spend watch', () => {
  const scanned = new Date('2026-06-22T14:00:00Z');

  it('finds a spike in one model, stores expected vs actual, raises one alert per incident', async () => {
    const acme = await org();
    const events: Array<Partial<UsageInput> & { at: Date }> = [];
    for (let i = 21 * 24; i >= 1; i--) {
      const at = new Date(scanned.getTime() - i * HOUR);
      events.push({ at: new Date(at.getTime() + 60_000), costOverride: hourlyCost(2, at, i), userId: 'u1' });
      events.push({ at: new Date(at.getTime() + 120_000), costOverride: hourlyCost(1, at, i + 7), provider: 'anthropic', model: 'claude-sonnet-4-5' });
    }
    // The spike: 40 on gpt-4o where about 3.2 is usual at 14:00; Claude stays normal.
    events.push({ at: new Date(scanned.getTime() + 60_000), costOverride: new Dec(40), userId: 'u1' });
    events.push({ at: new Date(scanned.getTime() + 120_000), costOverride: hourlyCost(1, scanned, 0), provider: 'anthropic', model: 'claude-sonnet-4-5' });
    await record(acme.id, events);

    const scan = await ctx.app.anomalies.scanOrg(acme.id, scanned);
    const found = Object.fromEntries(scan.anomalies.map((a) => [`${a.dimension}:${a.key}`, a]));
    expect(Object.keys(found).sort()).toEqual(['MODEL:openai/gpt-4o', 'ORGANIZATION:', 'USER:u1']);
    const model = found['MODEL:openai/gpt-4o']!;
    expect(model.actual.toFixed()).toBe('40');
    expect(model.expected.toNumber()).toBeGreaterThan(2.4);
    expect(model.expected.toNumber()).toBeLessThan(4.2);
    expect(model).toMatchObject({ currency: 'USD', hours: 1, status: 'OPEN', method: 'WEEKLY_PROFILE', severity: 'CRITICAL' });
    expect(model.score).toBeGreaterThan(8);

    const alerts = await ctx.app.alerts.listAlerts(ownerOf(acme.id), { type: 'ANOMALY' });
    expect(alerts.map((a) => a.id).sort()).toEqual(scan.anomalies.map((a) => a.id).sort());
    const alert = alerts.find((a) => a.id === model.id)!;
    expect(alert.message).toContain('model openai/gpt-4o was 40 USD in the hour from 2026-06-22T14:00 UTC');
    expect(alert.details).toMatchObject({ anomalyId: model.id, dimension: 'MODEL', key: 'openai/gpt-4o', actual: '40' });

    // The same hour again finds the same anomalies and raises nothing new.
    const again = await ctx.app.anomalies.scanOrg(acme.id, scanned);
    expect(again.anomalies.map((a) => a.id).sort()).toEqual(scan.anomalies.map((a) => a.id).sort());
    expect(await ctx.app.alerts.listAlerts(ownerOf(acme.id), { type: 'ANOMALY' })).toHaveLength(alerts.length);

    // It goes on the next hour: the same incident grows, still one alert.
    const next = new Date(scanned.getTime() + HOUR);
    await record(acme.id, [{ at: new Date(next.getTime() + 60_000), costOverride: new Dec(45), userId: 'u1' }]);
    const second = await ctx.app.anomalies.scanOrg(acme.id, next);
    const grown = second.anomalies.find((a) => a.dimension === 'MODEL')!;
    expect(grown).toMatchObject({ id: model.id, hours: 2 });
    expect(grown.actual.toFixed()).toBe('85');
    expect(grown.lastHour).toEqual(next);
    expect(await ctx.app.alerts.listAlerts(ownerOf(acme.id), { type: 'ANOMALY' })).toHaveLength(alerts.length);

    const acknowledged = await ctx.app.anomalies.acknowledgeAnomaly(ownerOf(acme.id), model.id);
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'api-key:test' });
    expect((await ctx.app.alerts.listAlerts(ownerOf(acme.id), { type: 'ANOMALY', status: 'ACKNOWLEDGED' })).map((a) => a.id)).toEqual([model.id]);
    expect(await ctx.app.anomalies.listAnomalies(ownerOf(acme.id), { dimension: 'MODEL' })).toHaveLength(1);
  });

  it('leaves quiet series and ordinary hours alone', async () => {
    const calm = await org();
    const events: Array<Partial<UsageInput> & { at: Date }> = [];
    for (let i = 21 * 24; i >= 0; i--) {
      const at = new Date(scanned.getTime() - i * HOUR);
      events.push({ at: new Date(at.getTime() + 60_000), costOverride: hourlyCost(2, at, i) });
      // A tiny series: ten times its usual spend, but below the minimum volume and excess.
      events.push({ at: new Date(at.getTime() + 90_000), costOverride: new Dec(i === 0 ? '0.05' : '0.005'), model: 'gpt-4o-mini' });
    }
    await record(calm.id, events);
    const scan = await ctx.app.anomalies.scanOrg(calm.id, scanned);
    expect(scan.anomalies).toEqual([]);
    expect(scan.scored).toBe(2); // the org and gpt-4o; gpt-4o-mini is too small to score
  });

  it('refuses an hour that is not whole', async () => {
    const any = await org();
    await expect(ctx.app.anomalies.scanOrg(any.id, new Date('2026-06-22T14:30:00Z'))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('forecasts', () => {
  it('projects a steady spend, and a budget heading over its limit gets FORECAST_OVERRUN once', async () => {
    const acme = await org('Europe/Paris');
    const now = new Date();
    const today = localDayStart(now, 'Europe/Paris');
    // Four weeks of 10 USD a day (weekends 6), at noon local.
    const events = Array.from({ length: 28 }, (_, i) => {
      const day = addLocalDays(today, -(i + 1), 'Europe/Paris');
      const weekend = [0, 6].includes(new Date(day.getTime() + 12 * HOUR).getUTCDay());
      return { at: new Date(day.getTime() + 12 * HOUR), costOverride: new Dec(weekend ? 6 : 10) };
    });
    await record(acme.id, events);

    const forecast = await ctx.app.forecasts.forecast(ownerOf(acme.id), { organization: true }, 14);
    expect(forecast).toMatchObject({ scope: 'ORGANIZATION', measure: 'COST', currency: 'USD', method: expect.stringMatching(/^HOLT_WINTERS/), historyDays: 28, horizonDays: 14 });
    expect(forecast.daily).toHaveLength(14);
    // 14 days from now: about 10 whole weekdays × 10 + 4 weekend days × 6 = 124 (less the part of today gone).
    expect(forecast.horizonTotal.mean.toNumber()).toBeGreaterThan(100);
    expect(forecast.horizonTotal.mean.toNumber()).toBeLessThan(130);
    expect(forecast.horizonTotal.p10.lte(forecast.horizonTotal.mean) && forecast.horizonTotal.mean.lte(forecast.horizonTotal.p90)).toBe(true);
    for (const day of forecast.daily) {
      const weekend = [0, 6].includes(new Date(day.day.getTime() + 12 * HOUR).getUTCDay());
      expect(Math.abs(day.mean.toNumber() - (weekend ? 6 : 10))).toBeLessThan(1);
    }

    const monthStart = forecast.periodStart!;
    const spent = events.filter((e) => e.at >= monthStart).reduce((sum, e) => sum.plus(e.costOverride), new Dec(0));
    expect(forecast.spentToDate.equals(spent)).toBe(true);
    expect(forecast.periodTotal!.mean.gt(spent)).toBe(true);

    const daysLeft = (forecast.periodEnd!.getTime() - now.getTime()) / DAY;
    const heading = await ctx.app.budgets.createBudget(ownerOf(acme.id), { name: 'Heading over', period: 'MONTHLY', action: 'WARN', costLimit: spent.plus(Math.max(1, Math.floor(daysLeft * 4))) });
    await ctx.app.budgets.createBudget(ownerOf(acme.id), { name: 'Roomy', period: 'MONTHLY', action: 'WARN', costLimit: new Dec(1_000_000) });

    const budgetForecast = await ctx.app.forecasts.forBudget(await ctx.app.budgets.findBudget(ownerOf(acme.id), heading.id), 7);
    expect(budgetForecast).toMatchObject({ scope: 'BUDGET', budgetId: heading.id, measure: 'COST' });
    expect(budgetForecast.limit!.equals(heading.costLimit!)).toBe(true);
    expect(budgetForecast.probabilityOfExceedingLimit).toBeGreaterThan(0.9);

    expect(await ctx.app.forecasts.checkBudgets(acme.id)).toBe(1);
    expect(await ctx.app.forecasts.checkBudgets(acme.id)).toBe(0);
    const alerts = await ctx.app.alerts.listAlerts(ownerOf(acme.id), { type: 'FORECAST_OVERRUN' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ budgetId: heading.id, threshold: 100, periodStart: monthStart });
    expect(alerts[0]!.message).toContain('Budget "Heading over" is projected to reach');
  });

  it('uses a run-rate on a few days of history and says so', async () => {
    const young = await org();
    const today = localDayStart(new Date(), 'UTC');
    await record(young.id, [1, 2, 3].map((d) => ({ at: new Date(today.getTime() - d * DAY + HOUR), costOverride: new Dec(5) })));
    const forecast = await ctx.app.forecasts.forecast(ownerOf(young.id), { model: 'gpt-4o' }, 10);
    expect(forecast).toMatchObject({ scope: 'MODEL', model: 'gpt-4o', method: 'RUN_RATE', historyDays: 3 });
    expect(forecast.daily[1]!.mean.toNumber()).toBeCloseTo(5, 5);
  });

  it('refuses an unclear scope or horizon', async () => {
    const any = await org();
    await expect(ctx.app.forecasts.forecast(ownerOf(any.id), { organization: true, model: 'gpt-4o' }, 10)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_FORECAST_SCOPE' });
    await expect(ctx.app.forecasts.forecast(ownerOf(any.id), {}, 10)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(ctx.app.forecasts.forecast(ownerOf(any.id), { organization: true }, 0)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_HORIZON' });
  });
});

describe('cost suggestions', () => {
  it('names a cheaper model of the same family with its saving, flags failures and slowness, scores budgets', async () => {
    const acme = await org();
    const at = new Date(Date.now() - 2 * DAY);
    const events: Array<Partial<UsageInput> & { at: Date }> = [];
    // 200 successful gpt-5 calls of 20,000 prompt and 200 output tokens: catalog 1.25 / 10 per MTok → 0.027 each.
    for (let i = 0; i < 200; i++) events.push({ at, model: 'gpt-5', inputTokens: 20_000, outputTokens: 200, latencyMs: 900 });
    // 20 failed but billed.
    for (let i = 0; i < 20; i++) events.push({ at, model: 'gpt-5', inputTokens: 20_000, outputTokens: 0, success: false, latencyMs: 900 });
    // Slow Claude calls with long outputs (not switch candidates).
    for (let i = 0; i < 60; i++) events.push({ at, provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 500, outputTokens: 2_000, latencyMs: 15_000 });
    await record(acme.id, events);
    const budget = await ctx.app.budgets.createBudget(ownerOf(acme.id), { name: 'GPT-5', period: 'MONTHLY', action: 'WARN', model: 'gpt-5', costLimit: new Dec(1000) });

    const suggestions = await ctx.app.suggestions.costSuggestions(ownerOf(acme.id));
    const month = new Dec(365.25).div(12).div(30);
    // 200 × 0.027 = 5.4 now; on gpt-5-mini (0.25 / 2) 200 × 0.0054 = 1.08.
    expect(suggestions.modelSwitches).toHaveLength(1);
    const [switching] = suggestions.modelSwitches;
    expect(switching).toMatchObject({ provider: 'openai', model: 'gpt-5', family: 'gpt-5', suggestedModel: 'gpt-5-mini', requests: 200, currency: 'USD' });
    expect(switching!.currentCost.toFixed()).toBe('5.4');
    expect(switching!.suggestedCost.toFixed()).toBe('1.08');
    expect(switching!.estimatedMonthlySavings.toFixed()).toBe(new Dec('4.32').times(month).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed());
    expect(switching!.message).toContain('on openai/gpt-5-mini they would cost about');

    // Long prompts, no cache reads: half of 220 × 20,000 tokens at 1.25 → 0.125 per MTok.
    const caching = suggestions.promptCaching.find((s) => s.model === 'gpt-5')!;
    expect(caching).toMatchObject({ requests: 220, averagePromptTokens: 20_000, cacheReadShare: 0 });
    expect(caching.estimatedMonthlySavings.toFixed()).toBe(new Dec(2_200_000).times('1.125').div(1_000_000).times(month).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed());

    expect(suggestions.flags.map((f) => [f.kind, f.model])).toEqual([
      ['FAILED_BUT_BILLED', 'gpt-5'],
      ['HIGH_LATENCY', 'claude-sonnet-4-5'],
    ]);
    expect(suggestions.flags[0]!.failedBilled).toBe(20);
    expect(suggestions.flags[0]!.failedCost.toFixed()).toBe('0.5'); // 20 × 20,000 × 1.25 / 1M

    const [efficiency] = suggestions.budgets;
    expect(efficiency).toMatchObject({ budgetId: budget.id, name: 'GPT-5', currency: 'USD' });
    expect(efficiency!.cost.toFixed()).toBe('5.9');
    expect(efficiency!.score).toBeLessThan(100);
    expect(efficiency!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['CHEAPER_MODELS', 'FAILED_BUT_BILLED', 'PROMPT_CACHING']));
    expect(efficiency!.score).toBe(100 - efficiency!.reasons.reduce((sum, r) => sum + r.penalty, 0));
  });
});
