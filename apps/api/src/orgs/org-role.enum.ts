import { ORG_ROLES, type OrgRole } from '@tollgate/db';
import { registerEnumType } from 'type-graphql';

/** GraphQL enum over the one role list in the data layer. */
export const OrgRoleEnum = Object.fromEntries(ORG_ROLES.map((role) => [role, role])) as { [R in OrgRole]: R };

registerEnumType(OrgRoleEnum, {
  name: 'OrgRole',
  description: 'What a key may do in its organization. SERVICE may only record usage, authorize and estimate.',
  valuesConfig: {
    OWNER: { description: 'Everything, including managing OWNER keys.' },
    ADMIN: { description: 'Manage keys (not OWNER keys), projects, prices, budgets and billing.' },
    MEMBER: { description: 'Read everything and record usage.' },
    VIEWER: { description: 'Read only.' },
    SERVICE: { description: 'An application: record usage, authorize and estimate cost only.' },
  },
});
