import { randomUUID } from 'node:crypto';
import { DomainError, badInput, isCurrencyCode, isValidTimeZone } from '@tollgate/core';
import type { ApiKeyEntity, OrganizationEntity, OrganizationsRepository, OrgRole, ProjectEntity, UserEntity } from '@tollgate/db';
import { AuthService, orgIdOf, requireRole } from '../auth/auth.service';
import { generateApiKey } from '../auth/api-key-format';
import { ROLES, type Principal } from '../auth/principal';

export interface CreateOrganizationInput {
  name: string;
  currency: string;
  timezone: string;
}

export interface CreateApiKeyInput {
  organizationId?: string | null;
  name: string;
  role: OrgRole;
}

export interface UpsertUserInput {
  externalId: string;
  email?: string | null;
  displayName?: string | null;
}

export interface CreatedApiKey {
  secret: string;
  apiKey: ApiKeyEntity;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Tenants, their projects and their API keys. */
export class OrganizationsService {
  constructor(
    private readonly orgs: OrganizationsRepository,
    private readonly auth: AuthService,
  ) {}

  async createOrganization(principal: Principal, input: CreateOrganizationInput): Promise<OrganizationEntity> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'create organizations');
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('name must be 1 to 200 characters', 'INVALID_NAME', { field: 'name' });
    if (!isCurrencyCode(input.currency)) {
      throw badInput(`currency "${input.currency}" is not a supported ISO 4217 code`, 'INVALID_CURRENCY', { field: 'currency' });
    }
    if (!isValidTimeZone(input.timezone)) {
      throw badInput(`timezone "${input.timezone}" is not an IANA time zone such as Europe/Paris`, 'INVALID_TIMEZONE', {
        field: 'timezone',
      });
    }
    return this.orgs.insertOrganization({ id: randomUUID(), name, currency: input.currency, timezone: input.timezone });
  }

  async findOrganizationOrThrow(principal: Principal, organizationId?: string | null): Promise<OrganizationEntity> {
    const orgId = orgIdOf(principal, organizationId);
    const org = await this.orgs.findOrganization(orgId);
    if (!org) throw new DomainError('NOT_FOUND', `Organization ${orgId} not found`);
    return org;
  }

  /** Projects by id inside the caller's org (for DataLoaders). */
  findProjects(principal: Principal, ids: readonly string[]): Promise<ProjectEntity[]> {
    return this.orgs.findProjects(orgIdOf(principal), ids);
  }

  findOrganizations(orgIds: readonly string[]): Promise<OrganizationEntity[]> {
    return this.orgs.findOrganizations(orgIds);
  }

  listOrganizations(principal: Principal, limit = 100): Promise<OrganizationEntity[]> {
    requireRole(principal, ['PLATFORM_ADMIN'], 'list organizations');
    return this.orgs.listOrganizations(Math.min(Math.max(limit, 1), 1000));
  }

  async createApiKey(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'create API keys');
    if (principal.kind === 'API_KEY' && principal.role !== 'OWNER' && input.role === 'OWNER') {
      throw new DomainError('FORBIDDEN', 'Only an OWNER may create OWNER keys');
    }
    const org = await this.findOrganizationOrThrow(principal, input.organizationId);
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('name must be 1 to 200 characters', 'INVALID_NAME', { field: 'name' });
    const { token, prefix, secretHash } = generateApiKey(org.id);
    const apiKey = await this.orgs.insertApiKey({
      orgId: org.id,
      id: randomUUID(),
      name,
      prefix,
      secretHash,
      role: input.role,
      createdBy: principal.actor,
    });
    return { secret: token, apiKey };
  }

  async revokeApiKey(principal: Principal, id: string, organizationId?: string | null): Promise<ApiKeyEntity> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'revoke API keys');
    const orgId = orgIdOf(principal, organizationId);
    const existing = await this.orgs.findApiKey(orgId, id);
    if (!existing) throw new DomainError('NOT_FOUND', `API key ${id} not found`);
    if (principal.kind === 'API_KEY' && principal.role !== 'OWNER' && existing.role === 'OWNER') {
      throw new DomainError('FORBIDDEN', 'Only an OWNER may revoke OWNER keys');
    }
    const revoked = await this.orgs.revokeApiKey(orgId, id, new Date());
    await this.auth.keyRevoked({ orgId, keyId: existing.id, prefix: existing.prefix });
    return revoked ?? existing;
  }

  listApiKeys(principal: Principal, organizationId?: string | null): Promise<ApiKeyEntity[]> {
    requireRole(principal, ['PLATFORM_ADMIN', ...ROLES.admins], 'list API keys');
    return this.orgs.listApiKeys(orgIdOf(principal, organizationId));
  }

  async createProject(principal: Principal, name: string): Promise<ProjectEntity> {
    requireRole(principal, ROLES.admins, 'create projects');
    const orgId = orgIdOf(principal);
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw badInput('name must be 1 to 200 characters', 'INVALID_NAME', { field: 'name' });
    try {
      return await this.orgs.insertProject({ orgId, id: randomUUID(), name: trimmed });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `A project named "${trimmed}" already exists`);
      throw error;
    }
  }

  listProjects(principal: Principal): Promise<ProjectEntity[]> {
    requireRole(principal, ROLES.readers, 'list projects');
    return this.orgs.listProjects(orgIdOf(principal));
  }

  /** Users are known by the org's own id for them; calling again updates the profile. */
  upsertUser(principal: Principal, input: UpsertUserInput): Promise<UserEntity> {
    requireRole(principal, ROLES.admins, 'manage users');
    const externalId = input.externalId.trim();
    if (!externalId || externalId.length > 200) throw badInput('externalId must be 1 to 200 characters', 'INVALID_EXTERNAL_ID', { field: 'externalId' });
    return this.orgs.upsertUser({
      orgId: orgIdOf(principal),
      id: randomUUID(),
      externalId,
      email: input.email ?? null,
      displayName: input.displayName ?? null,
    });
  }

  listUsers(principal: Principal, limit = 100): Promise<UserEntity[]> {
    requireRole(principal, ROLES.readers, 'list users');
    return this.orgs.listUsers(orgIdOf(principal), Math.min(Math.max(limit, 1), 1000));
  }
}
