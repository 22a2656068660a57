import { createRedis, type RedisClient } from '@tollgate/db';
import { connectionWarning, keyRevocationsChannel, redisEndpoint, type AppContext } from '@tollgate/services';

/**
 * Hears API key revocations made by any process (this one, another API
 * replica, the CLI) on one Redis channel and hands them to this process's
 * AuthService, which forgets the key and tells whoever holds its sessions.
 * ioredis resubscribes by itself after a Redis restart.
 */
export class KeyRevocationSubscriber {
  private readonly subscriber: RedisClient;
  private readonly channel: string;

  constructor(app: AppContext) {
    this.channel = keyRevocationsChannel(app.config.REDIS_PREFIX);
    this.subscriber = createRedis(redisEndpoint(app.config), 'blocking');
    this.subscriber.on('error', connectionWarning(app.logger, 'Redis (key revocations)'));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) app.auth.revocations.receive(message);
    });
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
