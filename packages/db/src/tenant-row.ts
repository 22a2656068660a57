import { PrimaryColumn } from 'typeorm';

/** The key of every tenant row: (org_id, id), org first so tables can be distributed by org. */
export abstract class TenantRow {
  @PrimaryColumn({ type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;
}
