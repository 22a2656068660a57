import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Forecast, ForecastScopeInput } from './forecast.types';

@Resolver(() => Forecast)
export class ForecastsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => Forecast, { description: 'Projected spend of a budget, the organization, a project or a model: to the end of the period and over the horizon, with a p10–p90 range.' })
  forecast(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('scope', () => ForecastScopeInput, { description: 'What to forecast.' }) scope: ForecastScopeInput,
    @Arg('horizonDays', () => Int, { defaultValue: 30, description: 'Days ahead, today included (1 to 366).' }) horizonDays: number,
  ) {
    return app.forecasts.forecast(principal, scope, horizonDays);
  }
}
