import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant. Every other tenant row carries its id as `org_id`, first in every key. */
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  timezone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
