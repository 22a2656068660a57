/** Roles of an org's members and keys, most to least powerful. SERVICE may only ingest and authorize. */
export const ORG_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER', 'SERVICE'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
