import { Column, CreateDateColumn, Entity } from 'typeorm';
import { TenantRow } from '../tenant-row';

@Entity({ name: 'projects' })
export class ProjectEntity extends TenantRow {
  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
