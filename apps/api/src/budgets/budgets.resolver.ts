import { ROLES, type BudgetInput, type BudgetView } from '@tollgate/services';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { Tag } from '../usage/usage-event.type';
import { BudgetFieldsInput } from './budget.inputs';
import { Budget, BudgetPeriod } from './budget.types';
import { Forecast } from '../forecasts/forecast.types';

@Resolver(() => Budget)
export class BudgetsResolver {
  @Authorized(...ROLES.readers)
  @Query(() => [Budget], { description: 'Live budgets with their figures for the current period.' })
  budgets(@Ctx() { app, principal }: GraphQLContext) {
    return app.budgets.listBudgets(principal);
  }

  @Authorized(...ROLES.readers)
  @Query(() => Budget, { description: 'One budget.' })
  budget(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The budget.' }) id: string) {
    return app.budgets.findBudget(principal, id);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => Budget, { description: 'Creates a budget; period, action and at least one limit are required.' })
  createBudget(@Ctx() { app, principal }: GraphQLContext, @Arg('input', { description: 'The budget.' }) input: BudgetFieldsInput) {
    return app.budgets.createBudget(principal, input as BudgetInput);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => Budget, { description: 'Changes the fields given.' })
  updateBudget(
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('id', () => ID, { description: 'The budget.' }) id: string,
    @Arg('input', { description: 'Fields to change.' }) input: BudgetFieldsInput,
  ) {
    return app.budgets.updateBudget(principal, id, input as Partial<BudgetInput>);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => Boolean, { description: 'Deletes a budget (its alerts stay).' })
  deleteBudget(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The budget.' }) id: string) {
    return app.budgets.deleteBudget(principal, id);
  }

  @Authorized(...ROLES.admins)
  @Mutation(() => Budget, { description: 'Starts the current period’s count over from now and lifts a suspension.' })
  resetBudget(@Ctx() { app, principal }: GraphQLContext, @Arg('id', () => ID, { description: 'The budget.' }) id: string) {
    return app.budgets.resetBudget(principal, id);
  }

  @FieldResolver(() => [BudgetPeriod], { description: 'Figures of earlier periods, newest first.' })
  pastPeriods(
    @Root() budget: Budget,
    @Ctx() { app, principal }: GraphQLContext,
    @Arg('count', () => Int, { defaultValue: 3, description: 'How many, up to 24.' }) count: number,
  ) {
    return app.budgets.pastPeriods(principal, budget.id, count);
  }

  @FieldResolver(() => Forecast, { nullable: true, description: 'Where this period is heading: projected total, p10–p90, probability of exceeding the limit. Null for an hourly budget.' })
  forecast(
    @Root() budget: Budget,
    @Ctx() { app }: GraphQLContext,
    @Arg('horizonDays', () => Int, { defaultValue: 30, description: 'Days ahead, today included (1 to 366).' }) horizonDays: number,
  ) {
    return app.forecasts.budgetForecast(budget as unknown as BudgetView, horizonDays);
  }

  @FieldResolver(() => [Tag], { description: 'Only usage carrying all these tags.' })
  tags(@Root() budget: Budget): Tag[] {
    return Object.entries(budget.tags ?? {}).map(([key, value]) => ({ key, value }));
  }
}
