import fc from 'fast-check';
import { Dec } from '../money';
import { modelPrice } from '../pricing/model-price.fixture';
import { baseTokenCost } from './base-token-cost';
import { cheaperModelInFamily } from './cheaper-model';
import { efficiencyScore, EFFICIENCY_CAPS } from './efficiency-score';
import { promptCacheSavings } from './prompt-cache-savings';
import type { TokenTotals } from './token-totals';

const tokens = (spec: Partial<TokenTotals> = {}): TokenTotals => ({ requests: 1000, inputTokens: 2_000_000, outputTokens: 100_000, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...spec });
const gpt5 = modelPrice({ model: 'gpt-5', input: '1.25', output: '10', cacheRead: '0.125' });
const gpt5mini = modelPrice({ model: 'gpt-5-mini', input: '0.25', output: '2', cacheRead: '0.025' });
const gpt5nano = modelPrice({ model: 'gpt-5-nano', input: '0.05', output: '0.4', cacheRead: '0.005' });

describe('baseTokenCost', () => {
  it('prices cached tokens inside the prompt at the cache price (OpenAI counting)', () => {
    // 1.5M uncached × 1.25 + 0.5M × 0.125 + 0.1M × 10 = 1.875 + 0.0625 + 1 = 2.9375
    expect(baseTokenCost(gpt5, tokens({ cacheReadTokens: 500_000 }))!.toFixed()).toBe('2.9375');
  });

  it('adds cached tokens on top of the prompt and reasoning on top of output when the provider counts them apart', () => {
    const claude = modelPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5', input: '3', output: '15', cacheRead: '0.3', cacheWrite5m: '3.75', cacheReadsIncludedInInput: false, reasoningIncludedInOutput: false });
    // 2M × 3 + 0.5M × 0.3 + 0.2M × 3.75 + (0.1M + 0.05M) × 15 = 6 + 0.15 + 0.75 + 2.25
    expect(baseTokenCost(claude, tokens({ cacheReadTokens: 500_000, cacheWriteTokens: 200_000, reasoningTokens: 50_000 }))!.toFixed()).toBe('9.15');
  });

  it('is null without token prices', () => {
    expect(baseTokenCost(modelPrice({ input: null }), tokens())).toBeNull();
  });
});

describe('cheaperModelInFamily', () => {
  it('takes one step down the family, not the cheapest member', () => {
    const found = cheaperModelInFamily(gpt5, [gpt5, gpt5nano, gpt5mini], tokens())!;
    expect(found.price.model).toBe('gpt-5-mini');
    expect(found.currentCost.toFixed()).toBe('3.5'); // 2M × 1.25 + 0.1M × 10
    expect(found.cost.toFixed()).toBe('0.7');
  });

  it('finds nothing for the smallest member, another provider or another currency', () => {
    expect(cheaperModelInFamily(gpt5nano, [gpt5, gpt5mini], tokens())).toBeNull();
    expect(cheaperModelInFamily(gpt5, [modelPrice({ provider: 'azure', model: 'gpt-5-mini', input: '0.1', output: '1' })], tokens())).toBeNull();
    expect(cheaperModelInFamily(gpt5, [modelPrice({ model: 'gpt-5-mini', currency: 'EUR', input: '0.1', output: '1' })], tokens())).toBeNull();
  });

  it('whatever it picks costs less than the current model', () => {
    const price = fc.integer({ min: 1, max: 5000 }).map((cents) => (cents / 100).toFixed(2));
    fc.assert(
      fc.property(fc.array(fc.tuple(price, price), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (family, input, output) => {
        const members = family.map(([i, o], n) => modelPrice({ model: `m${n}`, input: i, output: o }));
        const totals = tokens({ inputTokens: input, outputTokens: output });
        const found = cheaperModelInFamily(members[0]!, members, totals);
        if (found) expect(found.cost.lt(baseTokenCost(members[0]!, totals)!)).toBe(true);
      }),
    );
  });
});

describe('promptCacheSavings', () => {
  it('reads half of the uncached prompt at the cache price, less the write premium', () => {
    const claude = modelPrice({ provider: 'anthropic', input: '3', output: '15', cacheRead: '0.3', cacheWrite5m: '3.75', cacheReadsIncludedInInput: false });
    // cacheable 1M: 1M × (3 − 0.3) = 2.7; writes 1M / 10 × 0.75 = 0.075
    expect(promptCacheSavings(claude, tokens())!.toFixed()).toBe('2.625');
  });

  it('is null when the model has no cache price', () => {
    expect(promptCacheSavings(modelPrice({ cacheRead: null }), tokens())).toBeNull();
  });
});

describe('efficiencyScore', () => {
  it('is 100 with nothing to improve', () => {
    expect(efficiencyScore({ cost: new Dec(100), failedCost: new Dec(0), switchSavings: new Dec(0), cacheSavings: new Dec(0), overrunProbability: 0 })).toEqual({ score: 100, reasons: [] });
  });

  it('takes capped points per reason, largest first', () => {
    const { score, reasons } = efficiencyScore({ cost: new Dec(1000), failedCost: new Dec(40), switchSavings: new Dec(600), cacheSavings: new Dec(50), overrunProbability: 0.8 });
    expect(reasons.map((r) => [r.code, r.penalty])).toEqual([
      ['CHEAPER_MODELS', 30],
      ['FORECAST_OVERRUN', 20],
      ['FAILED_BUT_BILLED', 10],
      ['PROMPT_CACHING', 5],
    ]);
    expect(score).toBe(35);
  });

  it('stays within 0–100 and never exceeds a cap', () => {
    const money = fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Dec(n));
    fc.assert(
      fc.property(money, money, money, money, fc.option(fc.double({ min: 0, max: 1, noNaN: true })), (cost, failed, switching, caching, probability) => {
        const { score, reasons } = efficiencyScore({ cost, failedCost: failed, switchSavings: switching, cacheSavings: caching, overrunProbability: probability });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        for (const reason of reasons) expect(reason.penalty).toBeLessThanOrEqual(EFFICIENCY_CAPS[reason.code]);
      }),
    );
  });
});
