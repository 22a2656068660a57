import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { isCluster, type RedisClient } from '../redis/create-redis';

const RUN_ID = /^run_id:(\w+)/m;

/**
 * Notices a Redis server that came back from a restart or a failover with
 * data of its own (a snapshot, an append-only file, a lagging replica): its
 * counters may then be *below* PostgreSQL, so they are dropped and rebuilt
 * from the truth. The server's run id is compared with the one recorded in
 * PostgreSQL, per node; the counters are dropped before the new one is
 * recorded, so a drop cut short happens again (several processes may drop
 * at once: harmless, each is a flush). A restart that kept nothing changes
 * the run id too; dropping is then a no-op.
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
      const seen = await this.recorded(name);
      if (seen === runId) continue;
      // Dropped before the new run id is recorded: a drop cut short (an error, a SIGKILL) is done again next time.
      if (seen !== null) dropped += await dropCounters(node, this.prefix);
      await this.record(name, runId);
    }
    return dropped;
  }

  private nodes(): Redis[] {
    return isCluster(this.redis) ? this.redis.nodes('master') : [this.redis];
  }

  private async recorded(node: string): Promise<string | null> {
    const rows: Array<{ runId: string }> = await this.dataSource.query(`SELECT run_id AS "runId" FROM redis_epochs WHERE deployment = $1 AND node = $2`, [this.prefix, node]);
    return rows[0]?.runId ?? null;
  }

  private async record(node: string, runId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO redis_epochs (deployment, node, run_id) VALUES ($1, $2, $3)
       ON CONFLICT (deployment, node) DO UPDATE SET run_id = EXCLUDED.run_id, seen_at = now()`,
      [this.prefix, node, runId],
    );
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
