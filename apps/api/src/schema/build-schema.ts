import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { ApiKeysResolver } from '../orgs/api-keys.resolver';
import { OrganizationsResolver } from '../orgs/organizations.resolver';
import { PricingResolver } from '../pricing/pricing.resolver';
import { AlertsResolver } from '../alerts/alerts.resolver';
import { BudgetsResolver } from '../budgets/budgets.resolver';
import { EnforcementResolver } from '../enforcement/enforcement.resolver';
import { LedgerResolver } from '../ledger/ledger.resolver';
import { WebhooksResolver } from '../webhooks/webhooks.resolver';
import { QuotasResolver } from '../quotas/quotas.resolver';
import { PlansResolver } from '../billing/plans.resolver';
import { InvoicesResolver } from '../billing/invoices.resolver';
import { ChargebacksResolver } from '../billing/chargebacks.resolver';
import { BillingSettingsResolver } from '../billing/billing-settings.resolver';
import { ReportsResolver } from '../reports/reports.resolver';
import { CreditsResolver } from '../usage/credits.resolver';
import { UsageEventsResolver } from '../usage/usage-events.resolver';
import { UsageResolver } from '../usage/usage.resolver';
import { ViewerResolver } from '../viewer/viewer.resolver';
import { ForecastsResolver } from '../forecasts/forecasts.resolver';
import { AnomaliesResolver } from '../anomalies/anomalies.resolver';
import { SuggestionsResolver } from '../suggestions/suggestions.resolver';

export const RESOLVERS = [ViewerResolver, OrganizationsResolver, ApiKeysResolver, PricingResolver, UsageResolver, LedgerResolver, ReportsResolver, UsageEventsResolver, CreditsResolver, BudgetsResolver, EnforcementResolver, AlertsResolver, WebhooksResolver, QuotasResolver, PlansResolver, InvoicesResolver, BillingSettingsResolver, ChargebacksResolver, ForecastsResolver, AnomaliesResolver, SuggestionsResolver] as const;

const ROOT_DESCRIPTIONS = {
  Query: 'Reads. Every field acts in the organization of the calling key.',
  Mutation: 'Writes. Each one is a single transaction; retries with the same idempotency key are safe where one is taken.',
  Subscription: 'Live events over graphql-ws at the same URL.',
} as const;

/**
 * type-graphql requires a PubSub even when every subscription brings its own
 * `subscribe` (ours read the AlertStream, fed by Redis). Topic-based use is a
 * programming error, so this one refuses it.
 */
const NO_TOPICS = {
  publish(): never {
    throw new Error('Subscriptions use their own subscribe functions; there are no pub/sub topics');
  },
  subscribe(): never {
    throw new Error('Subscriptions use their own subscribe functions; there are no pub/sub topics');
  },
};

/** The executable schema; built once per process. */
export async function buildTollgateSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
    pubSub: NO_TOPICS,
  });
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

/** The schema as checked in at apps/api/schema.graphql (sorted, so the file diff is meaningful). */
export const printTollgateSchema = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
