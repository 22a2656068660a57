import { SafeIntResolver } from 'graphql-scalars';
import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Project } from '../orgs/project.type';
import { UsageFilterInput } from '../reports/report.inputs';
import { Stats, Tag, UsageEvent, UsageEventConnection } from './usage-event.type';

@Resolver(() => UsageEvent)
export class UsageEventsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => UsageEventConnection, { description: 'Recorded usage, newest first.' })
  usageEvents(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('filter', () => UsageFilterInput, { nullable: true, description: 'Which events.' }) filter?: UsageFilterInput | null,
    @Arg('from', () => Date, { nullable: true, description: 'Occurred at or after.' }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Occurred before.' }) to?: Date | null,
    @Arg('includeVoided', { defaultValue: false, description: 'Include voided events.' }) includeVoided?: boolean,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (50 by default).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string | null,
  ) {
    return app.usageEvents.usageEvents(principal, { ...filter, from, to, includeVoided }, first, after);
  }

  @Authorized(...ROLES.readers)
  @Query(() => Stats, { description: 'Counts of stored usage.' })
  stats(@Ctx() { app, principal }: GraphQLContext): Promise<Stats> {
    return app.usageEvents.stats(principal);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => SafeIntResolver, { description: 'Deletes raw events that occurred before a date (retention); reports and the ledger keep their totals. Returns how many were deleted.' })
  purgeUsageBefore(@Ctx() { app, principal }: GraphQLContext, @Arg('before', { description: 'At least a day ago.' }) before: Date): Promise<number> {
    return app.usageEvents.purgeUsageBefore(principal, before);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'Project, if any.' })
  project(@Root() event: UsageEvent, @Ctx() { loaders }: GraphQLContext) {
    return event.projectId ? loaders.project.load(event.projectId) : null;
  }

  @FieldResolver(() => [Tag], { description: 'Labels.' })
  tags(@Root() event: UsageEvent): Tag[] {
    return Object.entries(event.tags ?? {}).map(([key, value]) => ({ key, value }));
  }
}
