import type { RedisEpochs } from '@tollgate/db';
import type { Logger } from '../logging/logger';

/** How often each process asks Redis who it is: the bound on stale counters after a restore or failover. */
export const REDIS_EPOCH_CHECK_MS = 5_000;

/**
 * Checks now and then every few seconds whether a Redis node came back with
 * data of its own (RedisEpochs), dropping its counters so they are rebuilt.
 * Returns a stop function. A failed check (Redis or PostgreSQL away) waits
 * for the next tick: meanwhile authorization denies anyway.
 */
export function watchRedisEpochs(epochs: RedisEpochs, logger: Logger, everyMs = REDIS_EPOCH_CHECK_MS): () => void {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const dropped = await epochs.check();
      if (dropped) logger.warn({ dropped }, 'a Redis node came back with data of its own: its counters were dropped and will be rebuilt from PostgreSQL');
    } catch (error) {
      logger.debug({ err: error }, 'Redis epoch check failed; next tick');
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
