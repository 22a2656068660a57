import type { Logger } from '../logging/logger';

/** A revoked API key, as announced to every process. */
export interface RevokedKey {
  orgId: string;
  keyId: string;
  /** The key's public prefix: what a process's key cache is searched by. */
  prefix: string;
}

export type RevocationListener = (key: RevokedKey) => void;

/** The one Redis channel revocations travel on (per deployment prefix). */
export const keyRevocationsChannel = (redisPrefix: string) => `${redisPrefix}:api-key-revocations`;

/** How long a revoked key id is remembered, for a WebSocket whose key was verified just before the revocation arrived. */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 10_000;

const PREFIX = /^[a-z2-7]{10}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseRevokedKey(message: string): RevokedKey | null {
  try {
    const { orgId, keyId, prefix } = JSON.parse(message) as Partial<RevokedKey>;
    if (typeof orgId !== 'string' || !UUID.test(orgId) || typeof keyId !== 'string' || !UUID.test(keyId)) return null;
    if (typeof prefix !== 'string' || !PREFIX.test(prefix)) return null;
    return { orgId, keyId, prefix };
  } catch {
    return null;
  }
}

export interface RevocationPublisher {
  /** The command connection (a single Redis or a cluster). */
  redis: { publish(channel: string, message: string): Promise<unknown> };
  redisPrefix: string;
  logger: Logger;
}

/**
 * Revoked API keys, heard by every process: listeners in this process hear
 * of a revocation at once; other processes through one Redis channel, whose
 * subscriber hands each message to `receive`. Redis is only the fast path:
 * a process that misses a message still stops trusting the key when its key
 * cache expires.
 */
export class KeyRevocations {
  private readonly listeners = new Set<RevocationListener>();
  private readonly recent = new Map<string, number>();

  constructor(private readonly publisher?: RevocationPublisher) {}

  /** Calls `listener` for every revocation, local or remote; returns the unsubscribe. */
  onRevoked(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces a revocation already stored in PostgreSQL: here at once, elsewhere through Redis. */
  async announce(key: RevokedKey): Promise<void> {
    this.deliver(key);
    if (!this.publisher) return;
    const { redis, redisPrefix, logger } = this.publisher;
    await redis.publish(keyRevocationsChannel(redisPrefix), JSON.stringify(key)).catch((error: unknown) => {
      // The revocation is stored; other processes drop the key when their cache expires.
      logger.warn({ err: error, keyId: key.keyId }, 'could not announce an API key revocation; other processes stop accepting it within the key cache TTL');
    });
  }

  /** A message from the revocations channel; anything malformed is ignored. */
  receive(message: string): void {
    const key = parseRevokedKey(message);
    if (key) this.deliver(key);
  }

  /** Whether this process heard of the key's revocation in the last minute. */
  wasRevoked(keyId: string): boolean {
    const at = this.recent.get(keyId);
    return at !== undefined && Date.now() - at < REMEMBER_MS;
  }

  private deliver(key: RevokedKey): void {
    this.remember(key.keyId);
    for (const listener of this.listeners) {
      try {
        listener(key);
      } catch (error) {
        this.publisher?.logger.error({ err: error, keyId: key.keyId }, 'a revocation listener failed');
      }
    }
  }

  private remember(keyId: string): void {
    const now = Date.now();
    if (this.recent.size >= REMEMBER_MAX) {
      for (const [id, at] of this.recent) if (now - at >= REMEMBER_MS) this.recent.delete(id);
      if (this.recent.size >= REMEMBER_MAX) this.recent.clear();
    }
    this.recent.set(keyId, now);
  }
}
