import fc from 'fast-check';
import { Dec } from '../money';
import { fromNanoUnits } from '../budgets/nano-units';
import { addMeasures, contributionOf, limitCounts } from './contribution';
import { addUnits, capsInCounterUnits, MAX_CALL_AMOUNT, saturated, SATURATED_UNITS, toCounterUnits, withinCallBounds, ZERO_UNITS } from './counter-units';
import { counterModeOf } from './enforced-limit';
import { limitFromBudget, limitFromQuota, type BudgetDefinition } from './limit-from-definitions';

const window = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
const budget = (over: Partial<BudgetDefinition> = {}): BudgetDefinition => ({
  orgId: 'org',
  id: 'b',
  name: 'search',
  currency: 'USD',
  costLimit: new Dec(500),
  creditLimit: null,
  tokenLimit: null,
  requestLimit: 1000,
  action: 'BLOCK',
  warningPercent: 80,
  throttlePerMinute: null,
  updatedAt: new Date('2026-11-30T10:00:00Z'),
  projectId: 'p1',
  feature: 'chat',
  ...over,
});
const event = (over: Record<string, unknown> = {}) => ({
  occurredAt: new Date('2026-12-15T12:00:00Z'),
  currency: 'USD',
  cost: new Dec('0.25'),
  credits: new Dec(25),
  tokens: 1500,
  projectId: 'p1',
  feature: 'chat',
  ...over,
});
const money = fc.integer({ min: 0, max: 10 ** 12 }).map((n) => new Dec(n).dividedBy(10 ** 6));
const measure = fc.record({ cost: money, credits: money, tokens: fc.integer({ min: 0, max: 10 ** 9 }), requests: fc.integer({ min: 0, max: 10 ** 6 }) });

describe('enforced limits', () => {
  it('only BLOCK blocks and only THROTTLE throttles; WARN and NOTIFY count', () => {
    expect(['BLOCK', 'THROTTLE', 'WARN', 'NOTIFY'].map((a) => counterModeOf(a as 'BLOCK'))).toEqual(['BLOCK', 'THROTTLE', 'PASS', 'PASS']);
  });

  it('a budget keeps its scope, caps and a version from its last change; a quota caps credits with its top-ups', () => {
    const limit = limitFromBudget(budget(), window);
    expect(limit).toMatchObject({ kind: 'BUDGET', scope: { projectId: 'p1', feature: 'chat', userId: null }, caps: { requests: 1000 }, mode: 'BLOCK', version: Date.parse('2026-11-30T10:00:00Z') });
    const quota = { orgId: 'org', id: 'q', tier: 'FREE', subjectType: 'USER' as const, subjectId: 'u-1', creditAllowance: new Dec(100), assignedAt: new Date(0) };
    expect(limitFromQuota(quota, new Dec(50), window)).toMatchObject({ kind: 'QUOTA', scope: { userId: 'u-1' }, mode: 'BLOCK', name: 'FREE quota of user u-1' });
    expect(limitFromQuota(quota, new Dec(50), window)!.caps.credits!.toFixed()).toBe('150');
    expect(limitFromQuota({ ...quota, creditAllowance: null }, new Dec(0), window)).toBeNull();
  });

  it('counts an event inside its scope and window only, and cost only in its currency', () => {
    const limit = limitFromBudget(budget(), window);
    expect(limitCounts(limit, event())).toBe(true);
    expect(limitCounts(limit, event({ feature: 'search' }))).toBe(false);
    expect(limitCounts(limit, event({ occurredAt: window.end }))).toBe(false);
    expect(limitCounts(limit, event({ occurredAt: window.start }))).toBe(true);
    expect(contributionOf(limit, event({ currency: 'EUR' })).cost.isZero()).toBe(true);
    expect(contributionOf(limit, event())).toMatchObject({ tokens: 1500, requests: 1 });
  });
});

describe('counter units', () => {
  it('never hold less than was spent: money rounds up to the nano-unit, by at most one', () => {
    fc.assert(
      fc.property(measure, (m) => {
        const units = toCounterUnits(m);
        const back = fromNanoUnits(units.cost);
        return back.greaterThanOrEqualTo(m.cost) && back.minus(m.cost).lessThan(new Dec('1e-9')) && units.tokens === String(m.tokens);
      }),
    );
    expect(toCounterUnits({ cost: new Dec('0.0000000001'), credits: new Dec(0), tokens: 0, requests: 1 })).toEqual({ cost: '1', credits: '0', tokens: '0', requests: '1' });
  });

  it('sum per event exactly, in any order and grouping (what a rebuild and bookings must agree on)', () => {
    fc.assert(
      fc.property(fc.array(measure, { maxLength: 20 }), (events) => {
        const forward = events.map(toCounterUnits).reduce(addUnits, ZERO_UNITS);
        const backward = [...events].reverse().map(toCounterUnits).reduce(addUnits, ZERO_UNITS);
        const halves = addUnits(events.slice(0, 7).map(toCounterUnits).reduce(addUnits, ZERO_UNITS), events.slice(7).map(toCounterUnits).reduce(addUnits, ZERO_UNITS));
        return JSON.stringify(forward) === JSON.stringify(backward) && JSON.stringify(forward) === JSON.stringify(halves);
      }),
    );
  });

  it('are at least the exact sum, so a counter rebuilt from events never undercounts the money', () => {
    fc.assert(
      fc.property(fc.array(measure, { maxLength: 20 }), (events) => {
        const exact = events.reduce(addMeasures, { cost: new Dec(0), credits: new Dec(0), tokens: 0, requests: 0 });
        return fromNanoUnits(events.map(toCounterUnits).reduce(addUnits, ZERO_UNITS).cost).greaterThanOrEqualTo(exact.cost);
      }),
    );
  });

  it('saturate instead of growing past 64 bits', () => {
    expect(saturated({ ...ZERO_UNITS, cost: '123456789012345678901234' }).cost).toBe(SATURATED_UNITS.toString());
    expect(saturated({ ...ZERO_UNITS, tokens: '42' }).tokens).toBe('42');
  });

  it('cap cost in the limit’s currency only, and never above the largest cap', () => {
    const limit = limitFromBudget(budget({ costLimit: new Dec('5000000000'), tokenLimit: 1e18 }), window);
    expect(capsInCounterUnits(limit, 'USD')).toEqual({ cost: '999999999000000000', credits: null, tokens: '100000000000000000', requests: '1000' });
    expect(capsInCounterUnits(limit, 'EUR').cost).toBeNull();
  });

  it('bound what one call may bring', () => {
    const ok = { cost: new Dec(1), credits: new Dec(1), tokens: 10, requests: 1 };
    expect(withinCallBounds(ok)).toBe(true);
    expect(withinCallBounds({ ...ok, credits: MAX_CALL_AMOUNT.money.plus(1) })).toBe(false);
    expect(withinCallBounds({ ...ok, cost: new Dec(-1) })).toBe(false);
    expect(withinCallBounds({ ...ok, tokens: 1.5 })).toBe(false);
    expect(withinCallBounds({ ...ok, tokens: MAX_CALL_AMOUNT.tokens + 1 })).toBe(false);
  });
});
