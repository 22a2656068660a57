import fc from 'fast-check';
import { Dec, ZERO } from '../money';
import { scopeMatches } from './budget-scope';
import { alertTypeFor, crossedThresholds, statusAt, utilizationPercent } from './budget-status';

const levels = { warningPercent: 80, criticalPercent: 95 };

describe('scopeMatches', () => {
  it('matches every set field and tag, and an empty scope matches all', () => {
    const usage = { projectId: 'p1', model: 'gpt-4o', provider: 'openai', tags: { team: 'red', env: 'prod' } };
    expect(scopeMatches({}, usage)).toBe(true);
    expect(scopeMatches({ projectId: 'p1', provider: 'openai' }, usage)).toBe(true);
    expect(scopeMatches({ projectId: 'p2' }, usage)).toBe(false);
    expect(scopeMatches({ tags: { team: 'red' } }, usage)).toBe(true);
    expect(scopeMatches({ tags: { team: 'blue' } }, usage)).toBe(false);
    expect(scopeMatches({ userId: 'u1' }, usage)).toBe(false);
  });
});

describe('budget status', () => {
  it('takes the most used of the limited measures', () => {
    const used = { cost: new Dec('45'), credits: ZERO, tokens: 900, requests: 10 };
    expect(utilizationPercent({ cost: new Dec(100), tokens: 1000 }, used).toFixed()).toBe('90');
    expect(utilizationPercent({ requests: 40 }, used).toFixed()).toBe('25');
    expect(utilizationPercent({}, used).toFixed()).toBe('0');
    expect(utilizationPercent({ cost: ZERO }, used).isFinite()).toBe(false);
  });

  it('maps utilization to status and thresholds to alert types', () => {
    expect(['0', '79.99', '80', '95', '100', '250'].map((u) => statusAt(new Dec(u), levels))).toEqual(['OK', 'OK', 'WARNING', 'CRITICAL', 'EXCEEDED', 'EXCEEDED']);
    expect([50, 80, 95, 100].map((t) => alertTypeFor(t, levels))).toEqual(['THRESHOLD_WARNING', 'THRESHOLD_WARNING', 'THRESHOLD_CRITICAL', 'LIMIT_EXCEEDED']);
    expect(crossedThresholds([100, 50, 90, 80], new Dec('89.9'))).toEqual([50, 80]);
  });

  it('never un-crosses a threshold as usage grows', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 150 }), { maxLength: 6 }), fc.nat(20_000), fc.nat(20_000), (thresholds, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const limits = { cost: new Dec(100) };
        const before = crossedThresholds(thresholds, utilizationPercent(limits, { cost: new Dec(low).dividedBy(100), credits: ZERO, tokens: 0, requests: 0 }));
        const after = crossedThresholds(thresholds, utilizationPercent(limits, { cost: new Dec(high).dividedBy(100), credits: ZERO, tokens: 0, requests: 0 }));
        expect(before.every((t) => after.includes(t))).toBe(true);
      }),
    );
  });
});
