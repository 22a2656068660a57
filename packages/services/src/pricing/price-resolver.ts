import { selectInForce, type ModelPrice } from '@tollgate/core';
import type { PriceVersions, PricesRepository } from '@tollgate/db';
import { TtlCache } from '../cache/ttl-cache';

export type PriceSource = 'CATALOG' | 'ORG_PRICE' | 'FALLBACK';

export interface ResolvedPrice {
  price: ModelPrice;
  source: PriceSource;
}

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 50_000;
const WILDCARD = '*';

/** `claude-sonnet-4-20250514` → `claude-sonnet-4`, `gpt-4o-2024-08-06` → `gpt-4o`, `x-latest` → `x`. */
export const undatedModel = (model: string): string | null => {
  const stripped = model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, '');
  return stripped === model ? null : stripped;
};

/**
 * Finds the price in force for an org's call: its own version, then the
 * catalog's, for the model as named and then without a date suffix; then the
 * org's fallback for the provider (model "*") or for everything ("*"/"*").
 * Versions are cached per process for 30 s; this process's own price
 * changes clear its cache at once.
 */
export class PriceResolver {
  private readonly cache = new TtlCache<string, PriceVersions>(CACHE_TTL_MS, CACHE_MAX);

  constructor(private readonly prices: PricesRepository) {}

  async resolve(orgId: string, provider: string, model: string, at: Date): Promise<ResolvedPrice | null> {
    const undated = undatedModel(model);
    for (const name of undated ? [model, undated] : [model]) {
      const { orgOverrides, catalog } = await this.versions(orgId, provider, name);
      const own = selectInForce(orgOverrides, at);
      if (own) return { price: own, source: 'ORG_PRICE' };
      const listed = selectInForce(catalog, at);
      if (listed) return { price: listed, source: 'CATALOG' };
    }
    for (const [fallbackProvider, fallbackModel] of [
      [provider, WILDCARD],
      [WILDCARD, WILDCARD],
    ] as const) {
      const fallback = selectInForce((await this.versions(orgId, fallbackProvider, fallbackModel)).orgOverrides, at);
      if (fallback) return { price: { ...fallback, provider, model }, source: 'FALLBACK' };
    }
    return null;
  }

  /** Forgets cached versions of an org (after it changes a price). */
  forgetOrg(orgId: string): void {
    this.cache.deleteWhere((key) => key.startsWith(`${orgId}|`));
  }

  private versions(orgId: string, provider: string, model: string): Promise<PriceVersions> {
    return this.cache.getOrLoad(`${orgId}|${provider}|${model}`, () => this.prices.findVersions(orgId, provider, model));
  }
}
