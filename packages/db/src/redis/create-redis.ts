import Redis, { type RedisOptions } from 'ioredis';

export type RedisRole = 'command' | 'blocking';

/**
 * A Redis connection. `command` connections (counters, producers, pub/sub
 * publishers) fail fast when Redis is gone instead of queueing requests;
 * `blocking` ones (BullMQ workers, subscribers) wait and retry forever, as
 * BullMQ requires `maxRetriesPerRequest: null`.
 */
export function createRedis(url: string, role: RedisRole = 'command', options: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'blocking'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 5_000 };
  return new Redis(url, { lazyConnect: false, ...base, ...options });
}
