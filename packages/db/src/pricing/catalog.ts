import { Dec, type ModelKind, type ModelPrice } from '@tollgate/core';
import catalogFile from '../../catalog/model-prices.json';
import familiesFile from '../../catalog/model-families.json';
import { toModelPrice } from './to-model-price';
import type { ModelPriceColumns, StoredImagePrice, StoredLongContextTier } from './model-price-columns';

interface ProviderDefaults {
  cacheReadsIncludedInInput: boolean;
  reasoningIncludedInOutput: boolean;
  source: string;
  priceAsOf: string;
  currency?: string;
}

interface CatalogModel extends Partial<ProviderDefaults> {
  provider: string;
  model: string;
  kind: string;
  effectiveFrom: string;
  effectiveTo?: string;
  inputPerMTok?: string;
  outputPerMTok?: string;
  cacheReadPerMTok?: string;
  cacheWrite5mPerMTok?: string;
  cacheWrite1hPerMTok?: string;
  embeddingPerMTok?: string;
  perRequest?: string;
  perSecond?: string;
  longContextTiers?: StoredLongContextTier[];
  images?: StoredImagePrice[];
}

interface CatalogFile {
  providers: Record<string, ProviderDefaults>;
  models: CatalogModel[];
}

const MODEL_KINDS: readonly string[] = ['CHAT', 'EMBEDDING', 'IMAGE', 'AUDIO'];

const dec = (value: string | undefined) => (value === undefined ? null : new Dec(value));

function expand(entry: CatalogModel, providers: CatalogFile['providers']): ModelPrice {
  const defaults = providers[entry.provider];
  if (!defaults) throw new Error(`Catalog model ${entry.model} names unknown provider ${entry.provider}`);
  if (!MODEL_KINDS.includes(entry.kind)) throw new Error(`Catalog model ${entry.model} has unknown kind ${entry.kind}`);
  const row: ModelPriceColumns = {
    provider: entry.provider,
    model: entry.model,
    kind: entry.kind as ModelKind,
    currency: entry.currency ?? defaults.currency ?? 'USD',
    effectiveFrom: new Date(`${entry.effectiveFrom}T00:00:00Z`),
    effectiveTo: entry.effectiveTo ? new Date(`${entry.effectiveTo}T00:00:00Z`) : null,
    inputPerMTok: dec(entry.inputPerMTok),
    outputPerMTok: dec(entry.outputPerMTok),
    cacheReadPerMTok: dec(entry.cacheReadPerMTok),
    cacheWrite5mPerMTok: dec(entry.cacheWrite5mPerMTok),
    cacheWrite1hPerMTok: dec(entry.cacheWrite1hPerMTok),
    embeddingPerMTok: dec(entry.embeddingPerMTok),
    perRequest: dec(entry.perRequest),
    perSecond: dec(entry.perSecond),
    cacheReadsIncludedInInput: entry.cacheReadsIncludedInInput ?? defaults.cacheReadsIncludedInInput,
    reasoningIncludedInOutput: entry.reasoningIncludedInOutput ?? defaults.reasoningIncludedInOutput,
    longContextTiers: entry.longContextTiers ?? [],
    images: entry.images ?? [],
    priceAsOf: entry.priceAsOf ?? defaults.priceAsOf,
    source: entry.source ?? defaults.source,
    createdAt: new Date(0),
  };
  return toModelPrice(row);
}

/** The shipped public list prices, expanded with each provider's defaults. */
export function loadPriceCatalog(file: CatalogFile = catalogFile as CatalogFile): ModelPrice[] {
  return file.models.map((entry) => expand(entry, file.providers));
}

interface FamiliesFile {
  families: Array<{ provider: string; family: string; models: string[] }>;
}

/** A model's family: its name and its members, largest first. */
export interface ModelFamily {
  provider: string;
  family: string;
  models: readonly string[];
}

/** The shipped model families, by `provider/model`. */
export function loadModelFamilies(file: FamiliesFile = familiesFile as FamiliesFile): Map<string, ModelFamily> {
  const byModel = new Map<string, ModelFamily>();
  for (const family of file.families) for (const model of family.models) byModel.set(`${family.provider}/${model}`, family);
  return byModel;
}
