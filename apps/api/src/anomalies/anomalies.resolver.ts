import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Anomaly, AnomalyFilterInput } from './anomaly.types';

@Resolver(() => Anomaly)
export class AnomaliesResolver {
  @Authorized(...ROLES.readers)
  @Query(() => [Anomaly], { description: 'Spend anomalies found by the hourly watch, newest first.' })
  anomalies(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('filter', () => AnomalyFilterInput, { nullable: true, description: 'Which anomalies.' }) filter?: AnomalyFilterInput | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most this many, up to 500.' }) limit?: number,
  ) {
    return app.anomalies.listAnomalies(principal, filter ?? {}, limit);
  }

  @Authorized(...ROLES.writers)
  @Mutation(() => Anomaly, { description: 'Marks an anomaly seen, and its ANOMALY alert with it.' })
  acknowledgeAnomaly(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The anomaly.' }) id: string) {
    return app.anomalies.acknowledgeAnomaly(principal, id);
  }
}
