import { Entity, PrimaryColumn } from 'typeorm';
import { ModelPriceColumns } from './model-price-columns';

/** The public list-price catalog every org starts from (a reference table, not a tenant table). */
@Entity({ name: 'catalog_prices' })
export class CatalogPriceEntity extends ModelPriceColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;
}
