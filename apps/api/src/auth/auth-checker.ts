import { DomainError } from '@tollgate/core';
import { roleOf, type Role } from '@tollgate/services';
import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from '../context';

/**
 * `@Authorized(...roles)` lists the roles allowed, spelled out; the caller is
 * already authenticated by the context. Denial is FORBIDDEN with the reason.
 */
export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context, info }, roles) => {
  const role = roleOf(context.principal);
  if (roles.length === 0 || roles.includes(role)) return true;
  throw new DomainError('FORBIDDEN', `Role ${role} may not use ${info.parentType.name}.${info.fieldName}; allowed: ${roles.join(', ')}`);
};
