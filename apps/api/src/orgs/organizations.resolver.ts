import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CreateOrganizationInput, CreateProjectInput, UpsertUserInput } from './organization.inputs';
import { Organization } from './organization.type';
import { Project } from './project.type';
import { User } from './user.type';

@Resolver(() => Organization)
export class OrganizationsResolver {
  @Authorized('PLATFORM_ADMIN')
  @Mutation(() => Organization, { description: 'Creates an organization (platform admin key only).' })
  createOrganization(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: CreateOrganizationInput): Promise<Organization> {
    return app.organizations.createOrganization(principal, input);
  }

  @Authorized('PLATFORM_ADMIN')
  @Query(() => [Organization], { description: 'All organizations, oldest first (platform admin key only).' })
  organizations(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most this many, up to 1000.' }) limit: number,
  ): Promise<Organization[]> {
    return app.organizations.listOrganizations(principal, limit);
  }

  @Authorized('PLATFORM_ADMIN', ...ROLES.readers)
  @Query(() => Organization, { description: "The caller's organization, or the one named (platform admin)." })
  organization(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { nullable: true, description: 'Required for the platform admin key.' }) id?: string | null,
  ): Promise<Organization> {
    return app.organizations.findOrganizationOrThrow(principal, id);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => Project, { description: 'Creates a project in the caller’s organization.' })
  createProject(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: CreateProjectInput): Promise<Project> {
    return app.organizations.createProject(principal, input.name);
  }

  @Authorized(...ROLES.readers)
  @Query(() => [Project], { description: 'Projects of the caller’s organization, by name.' })
  projects(@Ctx() { app, principal }: GraphQLContext): Promise<Project[]> {
    return app.organizations.listProjects(principal);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => User, { description: 'Creates a user, or sets the profile fields given on the one with that externalId (omitted fields keep their value).' })
  upsertUser(@Ctx() { app, principal }: GraphQLContext, @Arg('input') input: UpsertUserInput): Promise<User> {
    return app.organizations.upsertUser(principal, input);
  }

  @Authorized(...ROLES.readers)
  @Query(() => [User], { description: 'Users of the caller’s organization, by externalId.' })
  users(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most this many, up to 1000.' }) limit: number,
  ): Promise<User[]> {
    return app.organizations.listUsers(principal, limit);
  }
}
