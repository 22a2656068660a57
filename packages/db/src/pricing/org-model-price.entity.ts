import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ModelPriceColumns } from './model-price-columns';

/** An org's own price for a model (negotiated rate, private model), which wins over the catalog. */
@Entity({ name: 'org_model_prices' })
export class OrgModelPriceEntity extends ModelPriceColumns {
  @PrimaryColumn({ type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  createdBy: string;
}
