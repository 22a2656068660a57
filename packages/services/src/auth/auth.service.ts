import { DomainError } from '@tollgate/core';
import type { OrganizationsRepository } from '@tollgate/db';
import { TtlCache } from '../cache/ttl-cache';
import { adminKeyMatches, parseApiKey, secretMatches } from './api-key-format';
import { KeyRevocations, type RevokedKey } from './key-revocations';
import { roleOf, type Principal, type Role } from './principal';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Verified keys are
 * remembered for a few seconds so the hot path does not hit PostgreSQL on
 * every call. A revocation takes effect at once in this process and, through
 * `revocations` (Redis pub/sub), in the others within a second; a process that
 * misses the message stops accepting the key within CACHE_TTL_MS.
 */
export class AuthService {
  private readonly cache = new TtlCache<string, Principal>(CACHE_TTL_MS, CACHE_MAX);

  constructor(
    private readonly orgs: OrganizationsRepository,
    private readonly adminKey: string | undefined,
    /** Revocations heard from this process and the others; the cache forgets each revoked key. */
    readonly revocations: KeyRevocations = new KeyRevocations(),
  ) {
    revocations.onRevoked((key) => this.forgetKey(key.prefix));
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthenticated('Missing Authorization header: send "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw unauthenticated('Authorization header must be "Bearer <api key>"');
    const token = match[1];
    if (adminKeyMatches(token, this.adminKey)) return { kind: 'PLATFORM_ADMIN', actor: 'platform-admin' };

    return this.cache.getOrLoad(token, () => this.verifyApiKey(token));
  }

  private async verifyApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw unauthenticated('Invalid API key');
    const key = await this.orgs.findApiKeyByPrefix(parsed.orgId, parsed.prefix);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) throw unauthenticated('Invalid API key');
    if (key.revokedAt) throw unauthenticated('This API key has been revoked');
    return { kind: 'API_KEY', orgId: key.orgId, role: key.role, keyId: key.id, actor: `api-key:${key.id}` };
  }

  /** Announces a key's revocation, once it is stored: every process forgets the key and closes its sessions. */
  keyRevoked(key: RevokedKey): Promise<void> {
    return this.revocations.announce(key);
  }

  /** Drops the cached principal of a key (by its prefix), called when it is revoked. */
  forgetKey(prefix: string): void {
    this.cache.deleteWhere((token) => token.includes(`_${prefix}_`));
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
