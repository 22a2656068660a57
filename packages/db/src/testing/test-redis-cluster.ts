import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = join('scripts', 'redis-cluster.sh');

/** The repository's `scripts/redis-cluster.sh`, found upwards from here (src or dist). */
function clusterScript(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, SCRIPT))) return join(dir, SCRIPT);
  }
  throw new Error(`${SCRIPT} not found above ${__dirname}`);
}

let started: Promise<string> | null = null;

/**
 * Seeds (`host:port,...`) of a 3-master Redis Cluster for tests: the one
 * named by TEST_REDIS_CLUSTER_NODES, or a local one on loopback that
 * `scripts/redis-cluster.sh` starts when none is running (and reuses after).
 * (Not REDIS_CLUSTER_NODES: child processes that tests spawn with the
 * parent's environment would silently move to the cluster.)
 */
export function ensureTestRedisCluster(): Promise<string> {
  const configured = process.env.TEST_REDIS_CLUSTER_NODES?.trim();
  if (configured) return Promise.resolve(configured);
  started ??= promisify(execFile)('bash', [clusterScript(), 'start'], { timeout: 120_000 })
    .then(({ stdout }) => stdout.trim())
    .catch((error: Error & { stderr?: string }) => {
      started = null;
      throw new Error(`could not start a test Redis Cluster: ${error.stderr?.trim() || error.message}`);
    });
  return started;
}

/** Whether test contexts should run on a Redis Cluster rather than a single Redis (TEST_REDIS_CLUSTER=1). */
export const testsUseRedisCluster = (): boolean => ['1', 'true', 'yes'].includes((process.env.TEST_REDIS_CLUSTER ?? '').toLowerCase());
