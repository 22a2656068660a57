import { createTestDatabase, deleteKeysMatching, ensureTestRedisCluster, testRedisPrefix, testsUseRedisCluster } from '@tollgate/db';
import { createAppContext, type AppContext } from '../app/app-context';
import type { AppConfig } from '../config/config.schema';
import { loadConfig } from '../config/load-config';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestAppContext {
  app: AppContext;
  /** Closes the context and drops its database and Redis keys. */
  teardown(): Promise<void>;
}

export interface TestAppContextOptions {
  /**
   * `cluster` runs the context on a local 3-master Redis Cluster (started when
   * none is running); by default `cluster` when TEST_REDIS_CLUSTER=1, else the
   * single Redis at REDIS_URL.
   */
  redis?: 'single' | 'cluster';
}

/** An AppContext on a database and Redis prefix of its own, for one test file. */
export async function createTestAppContext(
  processName = 'test',
  env: NodeJS.ProcessEnv = {},
  file: Record<string, unknown> = {},
  options: TestAppContextOptions = {},
): Promise<TestAppContext> {
  const onCluster = (options.redis ?? (testsUseRedisCluster() ? 'cluster' : 'single')) === 'cluster';
  const clusterNodes = env.REDIS_CLUSTER_NODES ?? (onCluster ? await ensureTestRedisCluster() : undefined);
  const database = await createTestDatabase();
  const prefix = testRedisPrefix();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    TOLLGATE_ADMIN_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
    REDIS_CLUSTER_NODES: clusterNodes,
  }, file);
  const app = await createAppContext(config, processName);
  return {
    app,
    async teardown() {
      await deleteKeysMatching(app.redis, `${prefix}:*`);
      await app.close();
      await database.drop();
    },
  };
}

/**
 * The Redis settings of a context as environment variables, for a child
 * process (an API or worker under test) that must share its Redis, cluster or not.
 */
export function testRedisEnv(config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_PREFIX' | 'REDIS_CLUSTER_NODES'>): Record<string, string> {
  const nodes = config.REDIS_CLUSTER_NODES?.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',');
  return { REDIS_URL: config.REDIS_URL, REDIS_PREFIX: config.REDIS_PREFIX, ...(nodes ? { REDIS_CLUSTER_NODES: nodes } : {}) };
}
