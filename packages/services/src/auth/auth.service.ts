import { DomainError } from '@tollgate/core';
import type { OrganizationsRepository } from '@tollgate/db';
import { adminKeyMatches, parseApiKey, secretMatches } from './api-key-format';
import { roleOf, type Principal, type Role } from './principal';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Verified keys are
 * remembered for a few seconds so the hot path does not hit PostgreSQL on
 * every call; revocation through this process takes effect at once, through
 * another process within CACHE_TTL_MS.
 */
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(
    private readonly orgs: OrganizationsRepository,
    private readonly adminKey: string | undefined,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthenticated('Missing Authorization header: send "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw unauthenticated('Authorization header must be "Bearer <api key>"');
    const token = match[1];
    if (adminKeyMatches(token, this.adminKey)) return { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };

    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;

    const parsed = parseApiKey(token);
    if (!parsed) throw unauthenticated('Invalid API key');
    const key = await this.orgs.findApiKeyByPrefix(parsed.orgId, parsed.prefix);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) throw unauthenticated('Invalid API key');
    if (key.revokedAt) throw unauthenticated('This API key has been revoked');

    const principal: Principal = { kind: 'API_KEY', orgId: key.orgId, role: key.role, keyId: key.id, actor: `api-key:${key.id}` };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(token, { principal, expiresAt: Date.now() + CACHE_TTL_MS });
    return principal;
  }

  /** Drops cached principals of a key, called when it is revoked. */
  forgetKey(keyId: string): void {
    for (const [token, entry] of this.cache) {
      if (entry.principal.kind === 'API_KEY' && entry.principal.keyId === keyId) this.cache.delete(token);
    }
  }
}

/** Throws FORBIDDEN unless the principal holds one of the roles. */
export function requireRole(principal: Principal, allowed: readonly Role[], action: string): void {
  const role = roleOf(principal);
  if (!allowed.includes(role)) {
    throw new DomainError('FORBIDDEN', `Role ${role} may not ${action}; allowed: ${allowed.join(', ')}`);
  }
}

/** The org a principal acts in; the platform admin must name one explicitly. */
export function orgIdOf(principal: Principal, requested?: string | null): string {
  if (principal.kind === 'PLATFORM_ADMIN') {
    if (!requested) throw new DomainError('BAD_USER_INPUT', 'The platform admin key must name an organizationId');
    return requested;
  }
  if (requested && requested !== principal.orgId) {
    throw new DomainError('FORBIDDEN', 'This key belongs to another organization');
  }
  return principal.orgId;
}
