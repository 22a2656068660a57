import { Column, CreateDateColumn, Entity } from 'typeorm';
import { TenantRow } from '../tenant-row';
import type { OrgRole } from './roles';

/** An API key: the secret is shown once; only its SHA-256 is kept. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends TenantRow {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text' })
  secretHash: string;

  @Column({ type: 'text' })
  role: OrgRole;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
