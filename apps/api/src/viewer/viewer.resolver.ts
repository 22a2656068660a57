import { roleOf } from '@tollgate/services';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Viewer } from './viewer.type';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The authenticated caller: role, key and organization.' })
  async viewer(@Ctx() { principal, loaders }: GraphQLContext): Promise<Viewer> {
    const organization = principal.kind === 'API_KEY' ? await loaders.organization.load(principal.orgId) : null;
    return { role: roleOf(principal), apiKeyId: principal.kind === 'API_KEY' ? principal.keyId : null, organization };
  }
}
