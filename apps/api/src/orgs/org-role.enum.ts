import { ORG_ROLES } from '@tollgate/db';
import { graphqlEnum } from '../schema/graphql-enum';

export const OrgRoleEnum = graphqlEnum('OrgRole', ORG_ROLES, 'What a key may do in its organization. SERVICE may only record usage, authorize and estimate.', {
  OWNER: { description: 'Everything, including managing OWNER keys.' },
  ADMIN: { description: 'Manage keys (not OWNER keys), projects, prices, budgets and billing.' },
  MEMBER: { description: 'Read everything and record usage.' },
  VIEWER: { description: 'Read only.' },
  SERVICE: { description: 'An application: record usage, authorize and estimate cost only.' },
});

export type OrgRoleEnum = (typeof OrgRoleEnum)[keyof typeof OrgRoleEnum];
