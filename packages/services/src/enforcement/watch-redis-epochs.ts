import type { RedisClient, RedisEpochs } from '@tollgate/db';
import type { Logger } from '../logging/logger';

/** How often each process asks Redis who it is, besides after every (re)connection. */
export const REDIS_EPOCH_CHECK_MS = 5_000;

export interface RedisEpochWatch {
  /** False from a (re)connection until its check has passed: counters are not trusted meanwhile. */
  trusted(): boolean;
  /** Runs a check now (at start: a process decides nothing on counters it has not checked). */
  checkNow(): Promise<void>;
  stop(): void;
}

/**
 * Checks, at every (re)connection and every few seconds, whether a Redis node
 * came back with data of its own (RedisEpochs), dropping its counters so they
 * are rebuilt. Until the check after a connection has passed, authorization is
 * denied rather than decided on counters that may be stale. A failed check
 * (Redis or PostgreSQL away) is tried again at the next tick.
 */
export function watchRedisEpochs(epochs: RedisEpochs, redis: RedisClient, logger: Logger, everyMs = REDIS_EPOCH_CHECK_MS): RedisEpochWatch {
  let checked = false;
  let running: Promise<void> | null = null;
  const check = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const dropped = await epochs.check();
        if (dropped) logger.warn({ dropped }, 'a Redis node came back with data of its own: its counters were dropped and will be rebuilt from PostgreSQL');
        checked = true;
      } catch (error) {
        logger.debug({ err: error }, 'Redis epoch check failed; next tick');
      } finally {
        running = null;
      }
    })());
  const onReady = () => {
    checked = false;
    void check();
  };
  redis.on('ready', onReady);
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    trusted: () => checked,
    checkNow: check,
    stop() {
      clearInterval(timer);
      redis.off('ready', onReady);
    },
  };
}
