import { randomUUID } from 'node:crypto';
import type { ModelPrice } from '@tollgate/core';
import type { DataSource } from 'typeorm';
import { CatalogPriceEntity } from './catalog-price.entity';
import { OrgModelPriceEntity } from './org-model-price.entity';
import { priceColumnsOf, toModelPrice } from './to-model-price';

/** The versions of one model's price known to an org: its overrides and the public catalog. */
export interface PriceVersions {
  orgOverrides: ModelPrice[];
  catalog: ModelPrice[];
}

const IN_FORCE = 'p.effective_from <= :at AND (p.effective_to IS NULL OR p.effective_to > :at)';

/** Reads and writes of the rate card. Prices are versioned; a version is never edited in place once superseded. */
export class PricesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findVersions(orgId: string, provider: string, model: string): Promise<PriceVersions> {
    const [orgOverrides, catalog] = await Promise.all([
      this.dataSource.getRepository(OrgModelPriceEntity).findBy({ orgId, provider, model }),
      this.dataSource.getRepository(CatalogPriceEntity).findBy({ provider, model }),
    ]);
    return { orgOverrides: orgOverrides.map(toModelPrice), catalog: catalog.map(toModelPrice) };
  }

  /** Every price in force at `at` for the org, its overrides replacing catalog entries of the same model. */
  async findAllInForce(orgId: string, at: Date, provider?: string): Promise<Array<ModelPrice & { isOrgOverride: boolean }>> {
    const byProvider = provider ? ' AND p.provider = :provider' : '';
    const [catalog, overrides] = await Promise.all([
      this.dataSource
        .getRepository(CatalogPriceEntity)
        .createQueryBuilder('p')
        .where(IN_FORCE + byProvider, { at, provider })
        .getMany(),
      this.dataSource
        .getRepository(OrgModelPriceEntity)
        .createQueryBuilder('p')
        .where(`p.org_id = :orgId AND ${IN_FORCE}${byProvider}`, { orgId, at, provider })
        .getMany(),
    ]);
    const merged = new Map<string, ModelPrice & { isOrgOverride: boolean }>();
    const keep = (row: CatalogPriceEntity | OrgModelPriceEntity, isOrgOverride: boolean) => {
      const key = `${row.provider}\u0000${row.model}`;
      const current = merged.get(key);
      if (current && current.isOrgOverride && !isOrgOverride) return;
      if (current && current.isOrgOverride === isOrgOverride && current.effectiveFrom >= row.effectiveFrom) return;
      merged.set(key, { ...toModelPrice(row), isOrgOverride });
    };
    catalog.forEach((row) => keep(row, false));
    overrides.forEach((row) => keep(row, true));
    return [...merged.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }

  /** Adds an org's price version, or replaces the one with the same `effectiveFrom`. */
  async upsertOrgPrice(orgId: string, price: ModelPrice, createdBy: string): Promise<ModelPrice> {
    const repo = this.dataSource.getRepository(OrgModelPriceEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ ...priceColumnsOf(price), orgId, id: randomUUID(), createdBy })
      .orUpdate(UPSERT_COLUMNS, ['org_id', 'provider', 'model', 'effective_from'])
      .execute();
    const stored = await repo.findOneByOrFail({ orgId, provider: price.provider, model: price.model, effectiveFrom: price.effectiveFrom });
    return toModelPrice(stored);
  }

  /** Loads the shipped catalog; re-running it changes nothing unless the catalog file changed. */
  async seedCatalog(prices: readonly ModelPrice[]): Promise<number> {
    if (prices.length === 0) return 0;
    const result = await this.dataSource
      .getRepository(CatalogPriceEntity)
      .createQueryBuilder()
      .insert()
      .values(prices.map((price) => ({ ...priceColumnsOf(price), id: randomUUID() })))
      .orUpdate(UPSERT_COLUMNS, ['provider', 'model', 'effective_from'])
      .execute();
    return result.identifiers.length;
  }

  countCatalog(): Promise<number> {
    return this.dataSource.getRepository(CatalogPriceEntity).count();
  }
}

const UPSERT_COLUMNS = [
  'kind',
  'currency',
  'effective_to',
  'input_per_mtok',
  'output_per_mtok',
  'cache_read_per_mtok',
  'cache_write_5m_per_mtok',
  'cache_write_1h_per_mtok',
  'embedding_per_mtok',
  'per_request',
  'per_second',
  'cache_reads_included_in_input',
  'reasoning_included_in_output',
  'long_context_tiers',
  'images',
  'price_as_of',
  'source',
];
