import type { OrgRole } from '@tollgate/db';

/** Who is calling: the platform operator, or a key (later, a user session) acting inside one org. */
export type Principal =
  | { kind: 'PLATFORM_ADMIN'; actor: 'platform-admin' }
  | { kind: 'API_KEY'; orgId: string; role: OrgRole; keyId: string; actor: string };

export type Role = OrgRole | 'PLATFORM_ADMIN';

export const roleOf = (principal: Principal): Role =>
  principal.kind === 'PLATFORM_ADMIN' ? 'PLATFORM_ADMIN' : principal.role;

/** Role sets used by the API and services, so each permission is spelled once. */
export const ROLES = {
  owners: ['OWNER'],
  admins: ['OWNER', 'ADMIN'],
  writers: ['OWNER', 'ADMIN', 'MEMBER'],
  readers: ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'],
  ingest: ['OWNER', 'ADMIN', 'MEMBER', 'SERVICE'],
  preflight: ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER', 'SERVICE'],
} as const satisfies Record<string, readonly OrgRole[]>;
