import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ApiKey, CreatedApiKey } from './api-key.type';
import { CreateApiKeyInput } from './organization.inputs';
import { Organization } from './organization.type';

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key; its secret is in the answer and never shown again.' })
  createApiKey(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return app.organizations.createApiKey(principal, input);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Mutation(() => ApiKey, { description: 'Revokes an API key at once; revoking twice is harmless.' })
  revokeApiKey(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { description: 'The key to revoke.' }) id: string,
    @Arg('organizationId', () => ID, { nullable: true, description: 'Required for the platform admin key.' }) organizationId?: string | null,
  ): Promise<ApiKey> {
    return app.organizations.revokeApiKey(principal, id, organizationId);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.admins)
  @Query(() => [ApiKey], { description: 'API keys of the organization, revoked ones included.' })
  apiKeys(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('organizationId', () => ID, { nullable: true, description: 'Required for the platform admin key.' }) organizationId?: string | null,
  ): Promise<ApiKey[]> {
    return app.organizations.listApiKeys(principal, organizationId);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() key: ApiKey, @Ctx() { loaders }: GraphQLContext): Promise<Organization> {
    const org = await loaders.organization.load(key.orgId);
    if (!org) throw new Error(`API key ${key.id} points at a missing organization`);
    return org;
  }
}
