import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { isCluster, type RedisClient } from '../redis/create-redis';

const RUN_ID = /^run_id:(\w+)/m;

/**
 * Notices a Redis server that came back from a restart or a failover with
 * data of its own (a snapshot, an append-only file, a lagging replica): its
 * counters may then be *below* PostgreSQL, so they are dropped and rebuilt
 * from the truth. The server's run id is compared with the one recorded in
 * PostgreSQL, per node, with a compare-and-set: of all processes, exactly one
 * drops. (A restart that kept nothing changes the run id too; dropping is
 * then a no-op.)
 */
export class RedisEpochs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Checks every node; returns how many counter keys it dropped (0 when nothing changed). */
  async check(): Promise<number> {
    let dropped = 0;
    for (const node of this.nodes()) {
      const runId = RUN_ID.exec(await node.info('server'))?.[1];
      if (!runId) continue;
      const name = `${node.options.host ?? 'localhost'}:${node.options.port ?? 6379}`;
      if (await this.changed(name, runId)) dropped += await dropCounters(node, this.prefix);
    }
    return dropped;
  }

  private nodes(): Redis[] {
    return isCluster(this.redis) ? this.redis.nodes('master') : [this.redis];
  }

  /** Records the node's run id; true when it replaced another one (the first sighting is not a change). */
  private async changed(node: string, runId: string): Promise<boolean> {
    const rows: Array<{ previous: string | null }> = await this.dataSource.query(
      `WITH previous AS (SELECT run_id FROM redis_epochs WHERE deployment = $1 AND node = $2)
       INSERT INTO redis_epochs (deployment, node, run_id) VALUES ($1, $2, $3)
       ON CONFLICT (deployment, node) DO UPDATE SET run_id = EXCLUDED.run_id, seen_at = now() WHERE redis_epochs.run_id <> EXCLUDED.run_id
       RETURNING (SELECT run_id FROM previous) AS previous`,
      [this.prefix, node, runId],
    );
    return rows.length > 0 && rows[0]!.previous !== null;
  }
}

/** Unlinks a node's counters (and their batch marks and throttle windows) with SCAN, never a blocking KEYS. */
async function dropCounters(node: Redis, prefix: string): Promise<number> {
  let dropped = 0;
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:{*}:limit:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) {
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      await pipeline.exec();
      dropped += keys.length;
    }
  } while (cursor !== '0');
  return dropped;
}
