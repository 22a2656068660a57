import { ROLES, type QuotaView } from '@tollgate/services';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Quota, QuotaSubjectTypeEnum, SetQuotaPlanInput } from './quota.types';

const toQuota = (view: QuotaView): Quota => ({
  id: view.assignment.id,
  subjectType: view.assignment.subjectType,
  userId: view.assignment.subjectType === 'USER' ? view.assignment.subjectId : null,
  tier: view.assignment.tier,
  period: view.assignment.period,
  credits: view.assignment.creditAllowance,
  requestsPerMinute: view.assignment.requestsPerMinute,
  tokensPerMinute: view.assignment.tokensPerMinute,
  toppedUp: view.toppedUp,
  used: view.used,
  remaining: view.remaining,
  periodStart: view.periodStart,
  resetsAt: view.resetsAt,
});

@Resolver(() => Quota)
export class QuotasResolver {
  @Authorized(...ROLES.admins)
  @Mutation(() => Quota, { description: 'Puts the organization or a user on a quota plan (replacing the current one).' })
  async setQuotaPlan(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The plan.' }) input: SetQuotaPlanInput): Promise<Quota> {
    return toQuota(await app.quotas.setQuotaPlan(principal, input));
  }

  @Authorized(...ROLES.preflight)
  @Query(() => Quota, { nullable: true, description: 'The quota of the organization or a user, with what is used and left; null when none is set.' })
  async quota(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('subjectType', () => QuotaSubjectTypeEnum, { description: 'ORG or USER.' }) subjectType: QuotaSubjectTypeEnum,
    @Arg('userId', () => String, { nullable: true, description: 'For USER.' }) userId?: string | null,
  ): Promise<Quota | null> {
    const view = await app.quotas.quota(principal, { subjectType, userId });
    return view ? toQuota(view) : null;
  }
}
