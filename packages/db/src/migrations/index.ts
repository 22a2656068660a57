import { Foundation1763900000000 } from './1763900000000-foundation';
import { UsageAndLedger1764000000000 } from './1764000000000-usage-and-ledger';
import { BudgetsAndAlerts1764100000000 } from './1764100000000-budgets-and-alerts';
import { Webhooks1764200000000 } from './1764200000000-webhooks';
import { Quotas1764300000000 } from './1764300000000-quotas';
import { PlansAndSubscriptions1764400000000 } from './1764400000000-plans-and-subscriptions';
import { Invoices1764500000000 } from './1764500000000-invoices';
import { Chargebacks1764600000000 } from './1764600000000-chargebacks';
import { TriggerPlans1764700000000 } from './1764700000000-trigger-plans';
import { SpendInsights1764800000000 } from './1764800000000-spend-insights';
import { Enforcement1764900000000 } from './1764900000000-enforcement';

/** Every migration, oldest first. Listed by class so compiled and test runs load the same set. */
export const MIGRATIONS = [Foundation1763900000000, UsageAndLedger1764000000000, BudgetsAndAlerts1764100000000, Webhooks1764200000000, Quotas1764300000000, PlansAndSubscriptions1764400000000, Invoices1764500000000, Chargebacks1764600000000, TriggerPlans1764700000000, SpendInsights1764800000000, Enforcement1764900000000];
