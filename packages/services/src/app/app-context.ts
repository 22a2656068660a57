import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import {
  AlertsRepository,
  PlansRepository,
  InvoicesRepository,
  BillingRunsRepository,
  ChargebacksRepository,
  BillingSettingsRepository,
  QuotasRepository,
  WebhooksRepository,
  LimitCounters,
  EnforcementRepository,
  RedisEpochs,
  BudgetsRepository,
  CreditsRepository,
  LedgerRepository,
  OrganizationsRepository,
  PricesRepository,
  UsageReportRepository,
  SpendByHourRepository,
  AnomaliesRepository,
  DailyUsageRepository,
  ModelUsageRepository,
  UsageRepository,
  createAsyncCommitPool,
  createDataSource,
  guardDataSourceClients,
  createRedis,
  type RedisClient,
} from '@tollgate/db';
import { AuthService } from '../auth/auth.service';
import { KeyRevocations } from '../auth/key-revocations';
import { connectionWarning } from '../logging/connection-warnings';
import type { AppConfig } from '../config/config.schema';
import { redisEndpoint } from '../config/redis-endpoint';
import { createLogger, type Logger } from '../logging/logger';
import { OrganizationsService } from '../orgs/organizations.service';
import { PriceResolver } from '../pricing/price-resolver';
import { PricingService } from '../pricing/pricing.service';
import { FxRates } from '../pricing/fx-rates';
import { AlertService } from '../alerts/alert.service';
import { AuthorizationService } from '../enforcement/authorize-usage.service';
import { ApplicableLimits } from '../enforcement/applicable-limits';
import { UsageBooking } from '../enforcement/book-usage.service';
import { CounterRebuilder } from '../enforcement/counter-rebuilder';
import { CounterReconciler } from '../enforcement/reconcile-counters.service';
import { watchRedisEpochs } from '../enforcement/watch-redis-epochs';
import { WebhookService } from '../webhooks/webhook.service';
import { QuotaService } from '../quotas/quota.service';
import { PlanService } from '../billing/plan.service';
import { BillingService } from '../billing/billing.service';
import { ChargebackService } from '../billing/chargeback.service';
import { BillingSettingsService } from '../billing/billing-settings.service';
import { BillingScheduler } from '../billing/billing-scheduler';
import { BudgetService } from '../budgets/budget.service';
import { LedgerService } from '../ledger/ledger.service';
import { UsageReportService } from '../reports/usage-report.service';
import { AnomalyService } from '../anomalies/anomaly.service';
import { SpendWatchScheduler } from '../anomalies/spend-watch-scheduler';
import { ForecastService } from '../forecasts/forecast.service';
import { CostSuggestionsService } from '../suggestions/cost-suggestions.service';
import { CreditSettings } from '../usage/credit-settings';
import { CreditsService } from '../usage/credits.service';
import { UsageEventsService } from '../usage/usage-events.service';
import { UsageService } from '../usage/usage.service';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES, type QueueName } from '../queues/queues';

/** Everything a process (API or worker) needs, built once and closed once. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  dataSource: DataSource;
  /** A single Redis or a Redis Cluster (REDIS_CLUSTER_NODES): keep multi-key commands within one {hash tag}. */
  redis: RedisClient;
  auth: AuthService;
  organizations: OrganizationsService;
  pricing: PricingService;
  usage: UsageService;
  usageEvents: UsageEventsService;
  credits: CreditsService;
  ledger: LedgerService;
  reports: UsageReportService;
  budgets: BudgetService;
  authorization: AuthorizationService;
  alerts: AlertService;
  webhooks: WebhookService;
  quotas: QuotaService;
  /** Enforcement: which limits apply, their counters, rebuilding, booking and reconciliation. */
  enforcement: {
    limits: ApplicableLimits;
    counters: LimitCounters;
    rebuilder: CounterRebuilder;
    booking: UsageBooking;
    reconciler: CounterReconciler;
  };
  plans: PlanService;
  billing: BillingService;
  billingSettings: BillingSettingsService;
  billingRuns: BillingScheduler;
  chargebacks: ChargebackService;
  creditSettings: CreditSettings;
  anomalies: AnomalyService;
  spendWatch: SpendWatchScheduler;
  forecasts: ForecastService;
  suggestions: CostSuggestionsService;
  queue(name: QueueName): Queue;
  /** Redis and database health for readiness probes. */
  checkReadiness(): Promise<{ postgres: boolean; redis: boolean }>;
  close(): Promise<void>;
}

export async function createAppContext(config: AppConfig, processName: string): Promise<AppContext> {
  const logger = createLogger(config.LOG_LEVEL, processName);
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: `tollgate-${processName}`,
    onPoolError: connectionWarning(logger, 'PostgreSQL'),
  });
  await dataSource.initialize();
  guardDataSourceClients(dataSource, connectionWarning(logger, 'PostgreSQL'));
  const redis = createRedis(redisEndpoint(config), 'command');
  // Redis restarting must be a warning and a reconnect, not an unhandled 'error' event.
  redis.on('error', connectionWarning(logger, 'Redis'));
  const queues = new Map<QueueName, Queue>();

  const queue = (name: QueueName): Queue => {
    let existing = queues.get(name);
    if (!existing) {
      existing = new Queue(name, { connection: redis, prefix: config.REDIS_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queues.set(name, existing);
    }
    return existing;
  };
  const orgsRepository = new OrganizationsRepository(dataSource);
  const auth = new AuthService(orgsRepository, config.TOLLGATE_ADMIN_KEY, new KeyRevocations({ redis, redisPrefix: config.REDIS_PREFIX, logger }));
  const pricesRepository = new PricesRepository(dataSource);
  const priceResolver = new PriceResolver(pricesRepository);
  const ledgerRepository = new LedgerRepository(dataSource);
  const creditsRepository = new CreditsRepository(dataSource);
  const creditSettings = new CreditSettings(creditsRepository, config.credits);
  const usageRepository = new UsageRepository(dataSource);
  const asyncCommitPool = createAsyncCommitPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, connectionWarning(logger, 'PostgreSQL (async commit)'));
  const budgetsRepository = new BudgetsRepository(dataSource);
  const budgets = new BudgetService(budgetsRepository, orgsRepository, config.budgets);
  const quotasRepository = new QuotasRepository(dataSource);
  const quotas = new QuotaService(quotasRepository, budgetsRepository, (orgId) => budgets.timezone(orgId), config.quotas.tiers);
  const counters = new LimitCounters(redis, config.REDIS_PREFIX);
  const enforcementRepository = new EnforcementRepository(dataSource, asyncCommitPool);
  const limits = new ApplicableLimits(enforcementRepository, budgetsRepository, quotasRepository, budgets, quotas, counters);
  const rebuilder = new CounterRebuilder(enforcementRepository, counters);
  const epochWatch = watchRedisEpochs(new RedisEpochs(dataSource, redis, config.REDIS_PREFIX), redis, logger);
  await epochWatch.checkNow();
  const alerts = new AlertService(new AlertsRepository(dataSource), redis, config.REDIS_PREFIX, config.alerts.cooldownMinutes, logger);
  const webhooks = new WebhookService(new WebhooksRepository(dataSource), () => queue(QUEUE_NAMES.webhooks), config.alerts.channels.webhooks);
  alerts.onRaised((alert) => webhooks.enqueueForAlert(alert));
  const plansRepository = new PlansRepository(dataSource);
  const invoicesRepository = new InvoicesRepository(dataSource);
  const billingRunsRepository = new BillingRunsRepository(dataSource, asyncCommitPool);
  const billingSettingsRepository = new BillingSettingsRepository(dataSource);
  const fxRates = new FxRates(billingSettingsRepository);
  const booking = new UsageBooking(limits, rebuilder, counters, enforcementRepository, budgets, budgetsRepository, alerts, logger);
  const forecasts = new ForecastService(new DailyUsageRepository(dataSource), orgsRepository, budgets, alerts, config.insights.forecasts);
  const anomalies = new AnomalyService(new SpendByHourRepository(dataSource), new AnomaliesRepository(dataSource), alerts, config.insights.anomalies, logger);

  return {
    config,
    logger,
    dataSource,
    redis,
    auth,
    organizations: new OrganizationsService(orgsRepository, auth),
    pricing: new PricingService(pricesRepository, orgsRepository, priceResolver),
    usage: new UsageService(dataSource, usageRepository, ledgerRepository, orgsRepository, priceResolver, creditSettings, booking, fxRates),
    budgets,
    alerts,
    webhooks,
    quotas,
    enforcement: { limits, counters, rebuilder, booking, reconciler: new CounterReconciler(limits, rebuilder, counters, enforcementRepository, logger) },
    plans: new PlanService(plansRepository, (orgId) => budgets.timezone(orgId), async (orgId) => (await orgsRepository.findOrganization(orgId))?.currency ?? null),
    billing: new BillingService({
      invoices: invoicesRepository,
      settings: billingSettingsRepository,
      runs: billingRunsRepository,
      plans: plansRepository,
      ledger: ledgerRepository,
      creditSettings,
      webhooks,
      config: config.billing,
      logger,
    }),
    billingRuns: new BillingScheduler({ runs: billingRunsRepository, invoices: invoicesRepository, queue: () => queue(QUEUE_NAMES.billing) }),
    billingSettings: new BillingSettingsService({ settings: billingSettingsRepository, invoices: invoicesRepository, ledger: ledgerRepository, fxRates }),
    chargebacks: new ChargebackService(new ChargebacksRepository(dataSource), billingSettingsRepository),
    authorization: new AuthorizationService(budgets, limits, rebuilder, counters, enforcementRepository, orgsRepository, priceResolver, creditSettings, fxRates, alerts, logger, epochWatch.trusted),
    usageEvents: new UsageEventsService(usageRepository),
    credits: new CreditsService(creditsRepository, creditSettings),
    creditSettings,
    ledger: new LedgerService(dataSource, ledgerRepository, orgsRepository, quotas, quotasRepository),
    reports: new UsageReportService(new UsageReportRepository(dataSource), orgsRepository, forecasts),
    anomalies,
    spendWatch: new SpendWatchScheduler(anomalies, () => queue(QUEUE_NAMES.insights)),
    forecasts,
    suggestions: new CostSuggestionsService(new ModelUsageRepository(dataSource), pricesRepository, budgets, forecasts, config.insights.suggestions),
    queue,
    async checkReadiness() {
      const [postgres, redisOk] = await Promise.all([
        dataSource.query('SELECT 1').then(() => true, () => false),
        redis.ping().then((reply) => reply === 'PONG', () => false),
      ]);
      return { postgres, redis: redisOk };
    },
    async close() {
      epochWatch.stop();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await redis.quit().catch(() => redis.disconnect());
      await asyncCommitPool.end();
      await dataSource.destroy();
    },
  };
}

export { QUEUE_NAMES };
