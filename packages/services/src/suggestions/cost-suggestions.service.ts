import { badInput, cheaperModelInFamily, Dec, efficiencyScore, promptCacheSavings, roundToMinorUnit, ZERO, type BudgetScope, type ModelPrice } from '@tollgate/core';
import type Decimal from 'decimal.js';
import { loadModelFamilies, type ModelFamily, type ModelUsageRepository, type PricesRepository } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { BudgetService } from '../budgets/budget.service';
import type { AppConfig } from '../config/config.schema';
import type { ForecastService } from '../forecasts/forecast.service';
import type { BudgetEfficiency, CostSuggestions, ModelFlag, ModelSwitchSuggestion, PromptCacheSuggestion } from './cost-suggestions';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 92;
const DAYS_PER_MONTH = new Dec(365.25).div(12);

type Settings = AppConfig['insights']['suggestions'];
type Prices = Map<string, ModelPrice>;

interface Analysis {
  modelSwitches: ModelSwitchSuggestion[];
  promptCaching: PromptCacheSuggestion[];
  flags: ModelFlag[];
  costByCurrency: Map<string, Decimal>;
  failedCostByCurrency: Map<string, Decimal>;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const add = (map: Map<string, Decimal>, currency: string, amount: Decimal) => map.set(currency, (map.get(currency) ?? ZERO).plus(amount));
const sumFor = <T extends { currency: string; estimatedMonthlySavings: Decimal }>(items: readonly T[], currency: string) =>
  items.filter((item) => item.currency === currency).reduce((sum, item) => sum.plus(item.estimatedMonthlySavings), ZERO);

/**
 * Where an org could spend less, from its usage over a range (the last 30
 * days by default) and the prices in force: smaller models of the same
 * family for short outputs, prompt caching for long repeated prompts, models
 * that bill failures or answer slowly, and an efficiency score per budget.
 */
export class CostSuggestionsService {
  private readonly families: Map<string, ModelFamily> = loadModelFamilies();

  constructor(
    private readonly usage: ModelUsageRepository,
    private readonly prices: PricesRepository,
    private readonly budgets: BudgetService,
    private readonly forecasts: ForecastService,
    private readonly settings: Settings,
  ) {}

  async costSuggestions(principal: Principal, range: { from?: Date | null; to?: Date | null } = {}, now = new Date()): Promise<CostSuggestions> {
    requireRole(principal, ROLES.readers, 'read cost suggestions');
    const orgId = orgIdOf(principal);
    const to = range.to ?? now;
    const from = range.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (!(from < to)) throw badInput('range.from must be before range.to', 'INVALID_RANGE', { field: 'range' });
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput(`suggestions look at most ${MAX_RANGE_DAYS} days back`, 'INVALID_RANGE', { field: 'range' });

    const prices: Prices = new Map((await this.prices.findAllInForce(orgId, now)).map((price) => [`${price.provider}/${price.model}`, price]));
    const monthly = DAYS_PER_MONTH.div((to.getTime() - from.getTime()) / DAY_MS);
    const org = await this.analyze(orgId, {}, from, to, prices, monthly);
    const zone = await this.budgets.timezone(orgId);
    const budgets: BudgetEfficiency[] = [];
    for (const budget of await this.budgets.liveBudgets(orgId)) {
      const scoped = await this.analyze(orgId, budget, from, to, prices, monthly);
      const view = await this.budgets.view(budget, zone, now);
      const forecast = view.periodEnd ? await this.forecasts.budgetForecast(view, 1, now) : null;
      const currency = budget.currency;
      const cost = scoped.costByCurrency.get(currency) ?? ZERO;
      const inputs = {
        cost,
        failedCost: scoped.failedCostByCurrency.get(currency) ?? ZERO,
        // Savings are monthly; the score compares them with the range's spend, so bring them back to the range.
        switchSavings: sumFor(scoped.modelSwitches, currency).div(monthly),
        cacheSavings: sumFor(scoped.promptCaching, currency).div(monthly),
        overrunProbability: forecast?.probabilityOfExceedingLimit ?? null,
      };
      const { score, reasons } = efficiencyScore(inputs);
      budgets.push({
        budgetId: budget.id,
        name: budget.name,
        score,
        currency,
        cost,
        reasons: reasons.map((reason) => ({ code: reason.code, penalty: reason.penalty, message: this.reasonMessage(reason.code, reason.share, currency, inputs) })),
      });
    }
    return { from, to, modelSwitches: org.modelSwitches, promptCaching: org.promptCaching, flags: org.flags, budgets };
  }

  private async analyze(orgId: string, scope: BudgetScope, from: Date, to: Date, prices: Prices, monthly: Decimal): Promise<Analysis> {
    const thresholds = { shortOutputTokens: this.settings.shortOutputTokens, longPromptTokens: this.settings.longPromptTokens, maxSwitchPromptTokens: this.settings.maxSwitchPromptTokens };
    const [models, longPrompts] = await Promise.all([this.usage.byModel(orgId, scope, from, to, thresholds), this.usage.longPrompts(orgId, scope, from, to, thresholds)]);
    const minSavings = new Dec(this.settings.minMonthlySavings);
    const analysis: Analysis = { modelSwitches: [], promptCaching: [], flags: [], costByCurrency: new Map(), failedCostByCurrency: new Map() };

    for (const usage of models) {
      add(analysis.costByCurrency, usage.currency, usage.cost);
      add(analysis.failedCostByCurrency, usage.currency, usage.failedCost);
      const name = `${usage.provider}/${usage.model}`;
      const price = prices.get(name);
      const family = this.families.get(name);
      if (price && family && price.currency === usage.currency && usage.short.requests >= this.settings.minRequests) {
        const members = family.models.flatMap((model) => prices.get(`${usage.provider}/${model}`) ?? []);
        const cheaper = cheaperModelInFamily(price, members, usage.short);
        // What was paid, not the list price, is what a switch saves against (org prices may differ).
        const savings = cheaper ? roundToMinorUnit(usage.short.cost.minus(cheaper.cost).times(monthly), usage.currency) : ZERO;
        if (cheaper && savings.gte(minSavings)) {
          const share = usage.short.requests / usage.requests;
          analysis.modelSwitches.push({
            provider: usage.provider,
            model: usage.model,
            family: family.family,
            suggestedModel: cheaper.price.model,
            currency: usage.currency,
            requests: usage.short.requests,
            shareOfRequests: share,
            currentCost: roundToMinorUnit(usage.short.cost, usage.currency),
            suggestedCost: roundToMinorUnit(cheaper.cost, usage.currency),
            estimatedMonthlySavings: savings,
            message:
              `${percent(share)} of ${name} requests (${usage.short.requests}) return at most ${this.settings.shortOutputTokens} tokens; ` +
              `on ${usage.provider}/${cheaper.price.model} they would cost about ${savings.toFixed()} ${usage.currency} a month less`,
          });
        }
      }
      const failedShare = usage.requests ? usage.failedBilled / usage.requests : 0;
      if (usage.failedBilled >= this.settings.minRequests / 10 && failedShare >= this.settings.failedBilledShare) {
        analysis.flags.push(this.flag('FAILED_BUT_BILLED', usage, `${usage.failedBilled} failed requests of ${name} (${percent(failedShare)}) were billed ${roundToMinorUnit(usage.failedCost, usage.currency).toFixed()} ${usage.currency}`));
      }
      if (usage.p95LatencyMs !== null && usage.p95LatencyMs >= this.settings.slowP95Ms && usage.requests >= this.settings.minRequests) {
        analysis.flags.push(this.flag('HIGH_LATENCY', usage, `${name} answers slowly: p95 ${Math.round(usage.p95LatencyMs)} ms, median ${Math.round(usage.p50LatencyMs ?? 0)} ms`));
      }
    }

    for (const group of longPrompts) {
      const price = prices.get(`${group.provider}/${group.model}`);
      const promptTokens = group.inputTokens + (price?.cacheReadsIncludedInInput ? 0 : group.cacheReadTokens);
      const cacheShare = promptTokens ? group.cacheReadTokens / promptTokens : 0;
      if (!price || price.currency !== group.currency || group.requests < this.settings.minRequests || cacheShare >= this.settings.maxCacheReadShare) continue;
      const saving = promptCacheSavings(price, group);
      const savings = saving ? roundToMinorUnit(saving.times(monthly), group.currency) : ZERO;
      if (savings.lt(minSavings)) continue;
      const where = [group.projectId && `project ${group.projectId}`, group.feature && `feature ${group.feature}`].filter(Boolean).join(', ') || 'calls without project or feature';
      analysis.promptCaching.push({
        provider: group.provider,
        model: group.model,
        projectId: group.projectId,
        feature: group.feature,
        currency: group.currency,
        requests: group.requests,
        averagePromptTokens: Math.round(promptTokens / group.requests),
        cacheReadShare: cacheShare,
        estimatedMonthlySavings: savings,
        message:
          `${group.requests} calls to ${group.provider}/${group.model} from ${where} send about ${Math.round(promptTokens / group.requests)} prompt tokens with ${percent(cacheShare)} read from cache; ` +
          `caching a shared prefix (half the prompt, reused 10 times) would save about ${savings.toFixed()} ${group.currency} a month`,
      });
    }
    analysis.modelSwitches.sort((a, b) => b.estimatedMonthlySavings.comparedTo(a.estimatedMonthlySavings));
    analysis.promptCaching.sort((a, b) => b.estimatedMonthlySavings.comparedTo(a.estimatedMonthlySavings));
    return analysis;
  }

  private flag(kind: ModelFlag['kind'], usage: Awaited<ReturnType<ModelUsageRepository['byModel']>>[number], message: string): ModelFlag {
    return {
      kind,
      provider: usage.provider,
      model: usage.model,
      currency: usage.currency,
      requests: usage.requests,
      failedBilled: usage.failedBilled,
      failedCost: roundToMinorUnit(usage.failedCost, usage.currency),
      p50LatencyMs: usage.p50LatencyMs,
      p95LatencyMs: usage.p95LatencyMs,
      message,
    };
  }

  private reasonMessage(code: string, share: number, currency: string, inputs: { failedCost: Decimal; switchSavings: Decimal; cacheSavings: Decimal }): string {
    const money = (amount: Decimal) => `${roundToMinorUnit(amount, currency).toFixed()} ${currency}`;
    switch (code) {
      case 'FAILED_BUT_BILLED':
        return `${money(inputs.failedCost)} (${percent(share)} of spend) paid for requests that failed`;
      case 'CHEAPER_MODELS':
        return `${money(inputs.switchSavings)} (${percent(share)} of spend) could be saved with smaller models of the same family for short outputs`;
      case 'PROMPT_CACHING':
        return `${money(inputs.cacheSavings)} (${percent(share)} of spend) could be saved by caching repeated prompt prefixes`;
      default:
        return `${percent(share)} likely to end the period over its limit`;
    }
  }
}
