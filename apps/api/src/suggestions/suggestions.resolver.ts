import { ROLES } from '@tollgate/services';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { TimeRangeInput } from '../reports/report.inputs';
import { CostSuggestions } from './suggestion.types';

@Resolver(() => CostSuggestions)
export class SuggestionsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => CostSuggestions, { description: 'Ways to spend less, estimated from usage (the last 30 days by default, at most 92) and the price catalog.' })
  costSuggestions(@Ctx() { app, principal }: GraphQLContext, @Arg('range', () => TimeRangeInput, { nullable: true, description: 'Usage to learn from.' }) range?: TimeRangeInput | null) {
    return app.suggestions.costSuggestions(principal, range ?? {});
  }
}
