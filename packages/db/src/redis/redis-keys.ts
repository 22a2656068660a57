import { once } from 'node:events';
import type Redis from 'ioredis';
import { isCluster, type RedisClient } from './create-redis';

/** The connections that hold keys: the server itself, or every master of a cluster. */
async function keyHolders(redis: RedisClient): Promise<Redis[]> {
  if (!isCluster(redis)) return [redis];
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis.nodes('master');
}

/**
 * Every key matching a glob pattern, on a single Redis or across all masters
 * of a cluster (where KEYS only sees the node it runs on). KEYS blocks the
 * server while it runs: for tests and maintenance, not for request paths.
 */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  const perNode = await Promise.all((await keyHolders(redis)).map((node) => node.keys(pattern)));
  return perNode.flat();
}

/**
 * Deletes every key matching a glob pattern and returns how many there were.
 * Keys are unlinked one by one on the node that holds them, so keys of
 * different slots never meet in one command (a CROSSSLOT error on a cluster).
 */
export async function deleteKeysMatching(redis: RedisClient, pattern: string): Promise<number> {
  let deleted = 0;
  for (const node of await keyHolders(redis)) {
    const keys = await node.keys(pattern);
    if (keys.length === 0) continue;
    const pipeline = node.pipeline();
    for (const key of keys) pipeline.unlink(key);
    await pipeline.exec();
    deleted += keys.length;
  }
  return deleted;
}
