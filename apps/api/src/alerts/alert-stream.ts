import { createRedis, type RedisClient } from '@tollgate/db';
import { alertChannel, connectionWarning, redisEndpoint, type AppContext } from '@tollgate/services';
import type { AlertRow } from '@tollgate/db';

type Listener = (alert: AlertRow) => void;

const DATE_FIELDS = ['createdAt', 'periodStart', 'acknowledgedAt', 'resolvedAt'] as const;

function revive(json: string): AlertRow {
  const alert = JSON.parse(json) as AlertRow;
  for (const field of DATE_FIELDS) if (alert[field]) (alert as unknown as Record<string, Date>)[field] = new Date(alert[field] as unknown as string);
  return alert;
}

/**
 * Alerts raised anywhere (this API process, another replica, the worker)
 * reach this process's subscribers through one Redis pattern subscription.
 */
export class AlertStream {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** On a cluster, PUBLISH reaches every node, so one subscription on any node hears every org. */
  private readonly subscriber: RedisClient;

  constructor(private readonly app: AppContext) {
    this.subscriber = createRedis(redisEndpoint(app.config), 'blocking');
    // A Redis restart: warn, reconnect and resubscribe (ioredis does both), never an unhandled 'error' event.
    this.subscriber.on('error', connectionWarning(app.logger, 'Redis (alert stream)'));
    this.subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      const orgId = channel.slice(channel.lastIndexOf(':') + 1);
      const listeners = this.listeners.get(orgId);
      if (!listeners?.size) return;
      const alert = revive(message);
      for (const listener of listeners) listener(alert);
    });
  }

  async start(): Promise<void> {
    await this.subscriber.psubscribe(alertChannel(this.app.config.REDIS_PREFIX, '*'));
  }

  /** Alerts of one org (optionally one budget) as they are raised, until the consumer stops. */
  subscribe(orgId: string, budgetId?: string | null): AsyncIterableIterator<AlertRow> {
    const queue: AlertRow[] = [];
    let wake: ((result: IteratorResult<AlertRow>) => void) | null = null;
    let done = false;
    const listener: Listener = (alert) => {
      if (budgetId && alert.budgetId !== budgetId) return;
      if (wake) {
        wake({ value: alert, done: false });
        wake = null;
      } else queue.push(alert);
    };
    const listeners = this.listeners.get(orgId) ?? new Set<Listener>();
    listeners.add(listener);
    this.listeners.set(orgId, listeners);
    const stop = () => {
      done = true;
      listeners.delete(listener);
      if (!listeners.size) this.listeners.delete(orgId);
      wake?.({ value: undefined, done: true });
      wake = null;
    };
    return {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (wake = resolve));
      },
      return: () => {
        stop();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async close(): Promise<void> {
    for (const listeners of this.listeners.values()) listeners.clear();
    this.listeners.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
