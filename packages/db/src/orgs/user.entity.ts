import { Column, CreateDateColumn, Entity } from 'typeorm';
import { TenantRow } from '../tenant-row';

/** A person or end-user of the org's product, known by the org's own id for them. */
@Entity({ name: 'users' })
export class UserEntity extends TenantRow {
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
