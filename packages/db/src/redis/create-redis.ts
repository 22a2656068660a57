import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisRole = 'command' | 'blocking';

/**
 * A connection to a single Redis or to a Redis Cluster. Both take the same
 * commands, pipelines, `defineCommand` scripts and pub/sub; a multi-key
 * command or script must keep its keys in one slot (one `{hash tag}`).
 */
export type RedisClient = Redis | Cluster;

/** A seed node of a Redis Cluster; the client discovers the others from it. */
export interface ClusterSeed {
  host: string;
  port: number;
}

/** Where Redis is: a URL, or the seeds of a cluster (which then wins over the URL). */
export interface RedisEndpoint {
  url: string;
  clusterNodes?: readonly ClusterSeed[] | null;
}

export interface CreateRedisOptions {
  /** Extra options for the connection (for a cluster: for each node's connection). */
  redis?: RedisOptions;
  cluster?: ClusterOptions;
}

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  // Commands fail fast when Redis is gone instead of queueing requests.
  command: { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 5_000 },
  // BullMQ workers and subscribers wait and retry forever.
  blocking: { maxRetriesPerRequest: null, enableReadyCheck: true },
};

/**
 * A Redis connection for one role: `command` connections (counters,
 * producers, publishers) fail fast; `blocking` ones (BullMQ workers,
 * subscribers) have `maxRetriesPerRequest: null`, as BullMQ requires. Given
 * cluster seeds it returns an ioredis `Cluster` with the same behaviour.
 */
export function createRedis(url: string, role?: RedisRole, options?: CreateRedisOptions): Redis;
export function createRedis(endpoint: RedisEndpoint, role?: RedisRole, options?: CreateRedisOptions): RedisClient;
export function createRedis(target: string | RedisEndpoint, role: RedisRole = 'command', options: CreateRedisOptions = {}): RedisClient {
  const endpoint = typeof target === 'string' ? { url: target } : target;
  const redisOptions: RedisOptions = { ...ROLE_OPTIONS[role], ...options.redis };
  const client: RedisClient = endpoint.clusterNodes?.length
    ? new Cluster([...endpoint.clusterNodes], {
        enableOfflineQueue: true,
        enableReadyCheck: true,
        ...options.cluster,
        redisOptions,
      })
    : new Redis(endpoint.url, { lazyConnect: false, ...redisOptions });
  // A node restarting or failing over is an 'error' event while the client reconnects; a Cluster
  // emits some with no listener as a plain EventEmitter would, i.e. as a crash. Callers add their logging.
  client.on('error', () => undefined);
  return client;
}

/** Whether the client talks to a Redis Cluster. */
export const isCluster = (client: RedisClient): client is Cluster => (client as Cluster).isCluster === true;
