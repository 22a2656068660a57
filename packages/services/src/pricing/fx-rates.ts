import type Decimal from 'decimal.js';
import type { BillingSettingsRepository, FxRateRow } from '@tollgate/db';
import { TtlCache } from '../cache/ttl-cache';

/** The rate converting `base` into `quote` in force at an instant, or null when there is none. */
export type FxLookup = (base: string, quote: string, at: Date) => Decimal | null;

/**
 * The platform's versioned FX rates (a small table), cached for 30 seconds
 * per process; this process's own changes clear the cache at once.
 */
export class FxRates {
  private readonly cache = new TtlCache<'all', FxRateRow[]>(30_000);

  constructor(private readonly repository: BillingSettingsRepository) {}

  async lookup(): Promise<FxLookup> {
    const rates = await this.cache.getOrLoad('all', () => this.repository.listFxRates({}));
    return (base, quote, at) => {
      let chosen: FxRateRow | null = null;
      for (const rate of rates) {
        if (rate.base === base && rate.quote === quote && rate.effectiveFrom <= at && (!chosen || rate.effectiveFrom > chosen.effectiveFrom)) chosen = rate;
      }
      return chosen?.rate ?? null;
    };
  }

  forget(): void {
    this.cache.delete('all');
  }
}
