import { Dec, selectInForce, type CreditRate, type CreditValue } from '@tollgate/core';
import type { CreditsRepository } from '@tollgate/db';
import { TtlCache } from '../cache/ttl-cache';
import type { AppConfig } from '../config/config.schema';

const SINCE_EVER = new Date(0);

/** An org's credit rates and credit value as they apply to one batch. */
export interface LoadedCreditSettings {
  rateFor(feature: string, at: Date): CreditRate | null;
  valueAt(at: Date): CreditValue;
}

/** Credit rates and the credit's money value: the org's own versions first, the config's defaults otherwise. */
export class CreditSettings {
  private readonly defaultRates: Map<string, CreditRate>;
  private readonly defaultValue: CreditValue;
  private readonly cache = new TtlCache<string, { rates: CreditRate[]; values: CreditValue[] }>(30_000);

  constructor(
    private readonly repository: CreditsRepository,
    config: AppConfig['credits'],
  ) {
    this.defaultValue = { amount: new Dec(config.value.amount), currency: config.value.currency, effectiveFrom: SINCE_EVER };
    this.defaultRates = new Map<string, CreditRate>();
    for (const [feature, rate] of Object.entries(config.actions)) {
      this.defaultRates.set(feature, { feature, kind: 'ACTION', credits: new Dec(rate.credits), perUnits: new Dec(rate.perUnits), unit: rate.unit, effectiveFrom: SINCE_EVER });
    }
    for (const [feature, workflow] of Object.entries(config.workflows)) {
      this.defaultRates.set(feature, { feature, kind: 'WORKFLOW', credits: new Dec(workflow.creditsPerStep), perUnits: new Dec(1), unit: 'step', effectiveFrom: SINCE_EVER });
    }
  }

  /** The org's settings, cached for 30 s; this process's own changes clear the cache at once. */
  async load(orgId: string): Promise<LoadedCreditSettings> {
    const { rates, values } = await this.cache.getOrLoad(orgId, async () => {
      const [rates, values] = await Promise.all([this.repository.listRates(orgId), this.repository.findValues(orgId)]);
      return { rates, values };
    });
    return {
      rateFor: (feature, at) => selectInForce(rates.filter((rate) => rate.feature === feature), at) ?? this.defaultRates.get(feature) ?? null,
      valueAt: (at) => selectInForce(values, at) ?? this.defaultValue,
    };
  }

  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  /** The config's default rates, for listing next to an org's own. */
  defaults(): CreditRate[] {
    return [...this.defaultRates.values()];
  }
}
