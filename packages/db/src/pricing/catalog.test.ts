import { isCurrencyCode } from '@tollgate/core';
import { loadModelFamilies, loadPriceCatalog } from './catalog';

const catalog = loadPriceCatalog();
const REQUIRED_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'groq', 'xai'];

describe('the shipped price catalog', () => {
  it('covers chat, embedding and image models of every major provider', () => {
    for (const provider of REQUIRED_PROVIDERS) {
      expect(catalog.filter((p) => p.provider === provider && p.kind === 'CHAT').length).toBeGreaterThan(2);
    }
    expect(catalog.some((p) => p.kind === 'EMBEDDING' && p.embeddingPerMTok)).toBe(true);
    expect(catalog.some((p) => p.kind === 'IMAGE' && p.images.length > 0)).toBe(true);
  });

  it('has one version per model and start date', () => {
    const keys = catalog.map((p) => `${p.provider}/${p.model}@${p.effectiveFrom.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(catalog.map((p) => [`${p.provider}/${p.model}@${p.priceAsOf}`, p] as const))('%s is well formed', (_name, price) => {
    expect(isCurrencyCode(price.currency)).toBe(true);
    expect(price.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(price.effectiveFrom.getTime())).toBe(false);
    const amounts = [
      price.inputPerMTok,
      price.outputPerMTok,
      price.cacheReadPerMTok,
      price.cacheWrite5mPerMTok,
      price.cacheWrite1hPerMTok,
      price.embeddingPerMTok,
      price.perRequest,
      price.perSecond,
      ...price.images.map((i) => i.perImage),
      ...price.longContextTiers.flatMap((t) => [t.inputPerMTok, t.outputPerMTok]),
    ];
    expect(amounts.some((a) => a !== null && a.greaterThan(0))).toBe(true);
    for (const amount of amounts) if (amount) expect(amount.isNegative()).toBe(false);
    if (price.kind === 'CHAT') expect(price.inputPerMTok && price.outputPerMTok).toBeTruthy();
    if (price.cacheReadPerMTok && price.inputPerMTok) expect(price.cacheReadPerMTok.lessThan(price.inputPerMTok)).toBe(true);
  });

  it('follows each provider rule for cached and reasoning tokens', () => {
    const rule = (provider: string) => catalog.filter((p) => p.provider === provider && p.kind === 'CHAT');
    expect(rule('anthropic').every((p) => !p.cacheReadsIncludedInInput)).toBe(true);
    expect(rule('openai').every((p) => p.cacheReadsIncludedInInput)).toBe(true);
    expect(rule('google').every((p) => !p.reasoningIncludedInOutput)).toBe(true);
  });

  it('names only catalog chat models in its families, each in one family, of its own provider', () => {
    const families = loadModelFamilies();
    for (const [name, family] of families) {
      const [provider] = name.split('/', 1);
      expect(family.provider).toBe(provider);
      expect(catalog.some((p) => `${p.provider}/${p.model}` === name && p.kind === 'CHAT')).toBe(true);
    }
    const members = [...new Set(families.values())].flatMap((f) => f.models.map((m) => `${f.provider}/${m}`));
    expect(new Set(members).size).toBe(members.length);
    expect(families.get('openai/gpt-5-mini')).toMatchObject({ family: 'gpt-5', models: ['gpt-5', 'gpt-5-mini', 'gpt-5-nano'] });
  });
});
