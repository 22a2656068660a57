import { createTestDatabase, testRedisPrefix } from '@tollgate/db';
import { createAppContext, type AppContext } from '../app/app-context';
import { loadConfig } from '../config/load-config';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestAppContext {
  app: AppContext;
  /** Closes the context and drops its database and Redis keys. */
  teardown(): Promise<void>;
}

/** An AppContext on a database and Redis prefix of its own, for one test file. */
export async function createTestAppContext(processName = 'test', env: NodeJS.ProcessEnv = {}, file: Record<string, unknown> = {}): Promise<TestAppContext> {
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
  }, file);
  const app = await createAppContext(config, processName);
  return {
    app,
    async teardown() {
      const keys = await app.redis.keys(`${prefix}:*`);
      if (keys.length) await app.redis.del(...keys);
      await app.close();
      await database.drop();
    },
  };
}
