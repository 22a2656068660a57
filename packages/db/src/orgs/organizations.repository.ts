import type { DataSource, EntityManager } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { OrganizationEntity } from './organization.entity';
import { ProjectEntity } from './project.entity';
import { UserEntity } from './user.entity';

/** Reads and writes of tenants, their projects and API keys. Every read is scoped by org. */
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async insertOrganization(org: Omit<OrganizationEntity, 'createdAt'>, tx?: EntityManager): Promise<OrganizationEntity> {
    const repo = this.manager(tx).getRepository(OrganizationEntity);
    await repo.insert(org);
    return repo.findOneByOrFail({ id: org.id });
  }

  findOrganization(orgId: string): Promise<OrganizationEntity | null> {
    return this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: orgId });
  }

  findOrganizations(orgIds: readonly string[]): Promise<OrganizationEntity[]> {
    if (orgIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .where('o.id = ANY(:ids)', { ids: orgIds })
      .getMany();
  }

  listOrganizations(limit: number): Promise<OrganizationEntity[]> {
    return this.dataSource.getRepository(OrganizationEntity).find({ order: { createdAt: 'ASC' }, take: limit });
  }

  async insertProject(project: Omit<ProjectEntity, 'createdAt'>): Promise<ProjectEntity> {
    const repo = this.dataSource.getRepository(ProjectEntity);
    await repo.insert(project);
    return repo.findOneByOrFail({ orgId: project.orgId, id: project.id });
  }

  listProjects(orgId: string): Promise<ProjectEntity[]> {
    return this.dataSource.getRepository(ProjectEntity).find({ where: { orgId }, order: { name: 'ASC' } });
  }

  /** Projects of one org by id. */
  findProjects(orgId: string, ids: readonly string[]): Promise<ProjectEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(ProjectEntity).createQueryBuilder('p').where('p.org_id = :orgId AND p.id = ANY(:ids)', { orgId, ids }).getMany();
  }

  /** Which of the ids are projects of the org. */
  async findProjectIds(orgId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM projects WHERE org_id = $1 AND id = ANY($2::uuid[])`, [orgId, ids]);
    return new Set(rows.map((row) => row.id));
  }


  async insertApiKey(key: Omit<ApiKeyEntity, 'createdAt' | 'revokedAt'>): Promise<ApiKeyEntity> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    await repo.insert({ ...key, revokedAt: null });
    return repo.findOneByOrFail({ orgId: key.orgId, id: key.id });
  }

  findApiKeyByPrefix(orgId: string, prefix: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ orgId, prefix });
  }

  findApiKey(orgId: string, id: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ orgId, id });
  }

  listApiKeys(orgId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { orgId }, order: { createdAt: 'ASC' } });
  }

  /** Marks the key revoked once; returns the key as it now stands. */
  async revokeApiKey(orgId: string, id: string, at: Date): Promise<ApiKeyEntity | null> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: at })
      .where('org_id = :orgId AND id = :id AND revoked_at IS NULL', { orgId, id })
      .execute();
    return repo.findOneBy({ orgId, id });
  }

  /** Creates the user, or updates the profile fields given (null keeps the stored value) of the one with that external id. */
  async upsertUser(user: Omit<UserEntity, 'createdAt'>): Promise<UserEntity> {
    await this.dataSource.query(
      `INSERT INTO users (org_id, id, external_id, email, display_name) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, external_id) DO UPDATE
         SET email = COALESCE(EXCLUDED.email, users.email),
             display_name = COALESCE(EXCLUDED.display_name, users.display_name)`,
      [user.orgId, user.id, user.externalId, user.email, user.displayName],
    );
    return this.dataSource.getRepository(UserEntity).findOneByOrFail({ orgId: user.orgId, externalId: user.externalId });
  }

  listUsers(orgId: string, limit: number): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ where: { orgId }, order: { externalId: 'ASC' }, take: limit });
  }
}
