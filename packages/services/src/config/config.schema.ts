import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`);

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

const clusterSeed = (entry: string): { host: string; port: number } | null => {
  const match = HOST_PORT.exec(entry);
  const port = Number(match?.[2]);
  return match && port >= 1 && port <= 65_535 ? { host: match[1]!.replace(/^\[|\]$/g, ''), port } : null;
};

/** `host:port,host:port` seeds of a Redis Cluster; unset or empty means a single Redis at REDIS_URL. */
const clusterNodes = z
  .string()
  .optional()
  .transform((value, context) => {
    const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length === 0) return null;
    const seeds = entries.map(clusterSeed);
    if (seeds.every((seed) => seed !== null)) return seeds as Array<{ host: string; port: number }>;
    context.addIssue({ code: z.ZodIssueCode.custom, message: 'must be comma-separated host:port seeds, e.g. 10.0.0.1:7000,10.0.0.2:7000' });
    return z.NEVER;
  });

/** Environment variables Tollgate reads; anything else in the environment is ignored. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  /** When set, Redis is a Redis Cluster reached through these seeds and REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: clusterNodes,
  REDIS_PREFIX: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and -').default('tollgate'),
  TOLLGATE_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TOLLGATE_CONFIG: z.string().min(1).optional(),
});

const percent = z.number().gt(0).max(1000);
const decimalText = z.union([z.number(), z.string()]).transform(String).refine((v) => /^\d+(\.\d+)?$/.test(v), 'must be a non-negative decimal');

const creditRate = z.object({ credits: decimalText, perUnits: decimalText.default('1'), unit: z.string().min(1).default('unit') }).strict();

/** The optional YAML file: defaults for budgets and alert channels. Unknown keys are errors, not silence. */
export const fileSchema = z
  .object({
    budgets: z
      .object({
        defaultThresholds: z.array(percent).min(1).max(20).default([50, 80, 90, 100]),
        warningPercent: percent.default(80),
        criticalPercent: percent.default(90),
      })
      .strict()
      .default({}),
    quotas: z
      .object({
        tiers: z
          .record(
            z.enum(['FREE', 'STANDARD', 'ENTERPRISE']),
            z
              .object({
                period: z.enum(['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY']).default('DAILY'),
                credits: decimalText.nullable().default(null),
                requestsPerMinute: z.number().int().positive().nullable().default(null),
                tokensPerMinute: z.number().int().positive().nullable().default(null),
              })
              .strict(),
          )
          .default({
            FREE: { period: 'DAILY', credits: '100', requestsPerMinute: 20, tokensPerMinute: 40_000 },
            STANDARD: { period: 'DAILY', credits: '10000', requestsPerMinute: 600, tokensPerMinute: 2_000_000 },
            ENTERPRISE: { period: 'DAILY', credits: null, requestsPerMinute: null, tokensPerMinute: null },
          }),
      })
      .strict()
      .default({}),
    credits: z
      .object({
        value: z.object({ amount: decimalText, currency: z.string().regex(/^[A-Z]{3}$/) }).strict().default({ amount: '0.01', currency: 'USD' }),
        actions: z.record(z.string().min(1), creditRate).default({
          translate: { credits: '5', perUnits: '1000', unit: 'words' },
          summarize: { credits: '2', perUnits: '1000', unit: 'words' },
        }),
        workflows: z.record(z.string().min(1), z.object({ creditsPerStep: decimalText }).strict()).default({
          summarize_and_translate: { creditsPerStep: '7' },
        }),
      })
      .strict()
      .default({}),
    worker: z
      .object({
        /** How long a job's lock lasts (renewed at half-time while the job runs); a killed worker's jobs are retried after it lapses. */
        lockDurationMs: z.number().int().min(500).max(600_000).default(30_000),
        /** How often workers look for jobs whose lock lapsed. */
        stalledIntervalMs: z.number().int().min(500).max(600_000).default(30_000),
        /** How often the worker looks for job schedulers a Redis loss removed, and registers them again. */
        scheduleWatchdogMs: z.number().int().min(100).max(600_000).default(20_000),
        /**
         * Each live counter is compared with PostgreSQL once in this many minutes (spread over
         * them, since a comparison reads the counter's whole window): the bound on drift.
         */
        reconcileEveryMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .strict()
      .default({}),
    billing: z
      .object({
        /** Hours an invoice stays a DRAFT after its period ends, so late usage still lands on it. */
        gracePeriodHours: z.number().min(0).max(720).default(24),
        /** Usage recorded in the last seconds before an invoice is computed is left to the next one (in-flight ingest). */
        usageCutoffLagSeconds: z.number().int().min(0).max(3600).default(10),
        /** Billing jobs each worker process runs at once. */
        concurrency: z.number().int().min(1).max(64).default(8),
      })
      .strict()
      .default({}),
    insights: z
      .object({
        anomalies: z
          .object({
            /** Trailing hours each hour is compared with. */
            windowDays: z.number().int().min(3).max(90).default(28),
            /** Robust z-score at which an hour is anomalous, and at which it is critical. */
            threshold: z.number().min(1).max(100).default(4),
            criticalThreshold: z.number().min(1).max(1000).default(8),
            /** Series that spent less than this over the window (in their currency) are not watched. */
            minWindowSpend: decimalText.default('5'),
            /** An hour must exceed its expectation by at least this much (in the series' currency) to be an anomaly. */
            minHourlyExcess: decimalText.default('1'),
            /** Hours each scan rebuilds before the scanned one, so usage recorded late is counted. */
            rebuildHours: z.number().int().min(0).max(48).default(3),
          })
          .strict()
          .default({}),
        forecasts: z
          .object({
            /** Days of daily totals a forecast is fitted on. */
            historyDays: z.number().int().min(14).max(400).default(91),
          })
          .strict()
          .default({}),
        suggestions: z
          .object({
            /** Requests with at most this many output tokens are candidates for a smaller model. */
            shortOutputTokens: z.number().int().min(1).max(100_000).default(256),
            /** Requests with at least this many prompt tokens could use a prompt cache (providers cache prefixes from 1,024 tokens). */
            longPromptTokens: z.number().int().min(1).max(1_000_000).default(1024),
            /** Longer prompts are left out of switch estimates: long-context prices start above it. */
            maxSwitchPromptTokens: z.number().int().min(1).max(10_000_000).default(32_000),
            /** A suggestion needs at least this many requests behind it. */
            minRequests: z.number().int().min(1).default(50),
            /** ...and at least this much estimated saving a month, in the usage's currency. */
            minMonthlySavings: decimalText.default('1'),
            /** Prompt caching is suggested where cache reads are below this share of prompt tokens. */
            maxCacheReadShare: z.number().min(0).max(1).default(0.1),
            /** A model is flagged when this share of its requests failed but were billed. */
            failedBilledShare: z.number().min(0).max(1).default(0.02),
            /** A model is flagged when its p95 latency is at least this. */
            slowP95Ms: z.number().int().min(1).default(10_000),
          })
          .strict()
          .default({}),
        /** Spend-watch jobs (anomaly scan, forecast check) each worker process runs at once. */
        concurrency: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .default({}),
    alerts: z
      .object({
        cooldownMinutes: z.number().int().min(0).max(10_080).default(60),
        channels: z
          .object({
            log: z.boolean().default(true),
            subscription: z.boolean().default(true),
            webhooks: z
              .object({
                enabled: z.boolean().default(true),
                attempts: z.number().int().min(1).max(20).default(8),
                backoffMs: z.number().int().min(10).max(3_600_000).default(5_000),
                timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
              })
              .strict()
              .default({}),
            email: z
              .object({ enabled: z.boolean().default(false), smtpUrl: z.string().optional(), from: z.string().optional() })
              .strict()
              .default({}),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
  })
  .strict();

export type EnvConfig = z.infer<typeof envSchema>;
export type FileConfig = z.infer<typeof fileSchema>;
export type AppConfig = EnvConfig & FileConfig;
