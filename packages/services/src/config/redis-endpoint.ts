import type { RedisEndpoint } from '@tollgate/db';
import type { AppConfig } from './config.schema';

/** Where this deployment's Redis is: the cluster seeds when REDIS_CLUSTER_NODES is set, else REDIS_URL. */
export const redisEndpoint = (config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisEndpoint => ({
  url: config.REDIS_URL,
  clusterNodes: config.REDIS_CLUSTER_NODES,
});
