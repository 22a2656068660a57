import { DomainError, badInput } from '@tollgate/core';
import { uuidv7, type AlertRow, type DeliveryStatus, type WebhookDeliveryRow, type WebhookEndpointRow, type WebhooksRepository } from '@tollgate/db';
import type { Queue } from 'bullmq';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { AppConfig } from '../config/config.schema';
import { JOB_NAMES } from '../queues/queues';
import { signWebhook } from './webhook-signature';

export const WEBHOOK_EVENT_TYPES = ['THRESHOLD_WARNING', 'THRESHOLD_CRITICAL', 'LIMIT_EXCEEDED', 'FORECAST_OVERRUN', 'ANOMALY', 'POLICY_VIOLATION'] as const;

export interface CreateWebhookEndpointInput {
  url: string;
  secret: string;
  eventTypes: string[];
}

type Settings = AppConfig['alerts']['channels']['webhooks'];

/**
 * Webhooks: endpoints subscribe to alert types; each raised alert becomes
 * one delivery per endpoint, sent by the worker with a signature, retried
 * with exponential backoff and marked DEAD after the last attempt.
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly queue: () => Queue,
    private readonly settings: Settings,
  ) {}

  async createWebhookEndpoint(principal: Principal, input: CreateWebhookEndpointInput): Promise<WebhookEndpointRow> {
    requireRole(principal, ROLES.admins, 'create webhook endpoints');
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw badInput('url must be an http(s) URL', 'INVALID_URL', { field: 'url' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('url must be an http(s) URL', 'INVALID_URL', { field: 'url' });
    if (input.secret.length < 16) throw badInput('secret must be at least 16 characters', 'INVALID_SECRET', { field: 'secret' });
    const unknown = input.eventTypes.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    if (input.eventTypes.length === 0 || unknown.length) {
      throw badInput(`eventTypes must be some of ${WEBHOOK_EVENT_TYPES.join(', ')}`, 'INVALID_EVENT_TYPES', { field: 'eventTypes' });
    }
    return this.webhooks.insertEndpoint({ orgId: orgIdOf(principal), id: uuidv7(), url: url.toString(), secret: input.secret, eventTypes: [...new Set(input.eventTypes)] }, principal.actor);
  }

  listEndpoints(principal: Principal): Promise<WebhookEndpointRow[]> {
    requireRole(principal, ROLES.admins, 'list webhook endpoints');
    return this.webhooks.listEndpoints(orgIdOf(principal));
  }

  listDeliveries(principal: Principal, filter: { endpointId?: string | null; status?: DeliveryStatus | null }, limit = 100): Promise<WebhookDeliveryRow[]> {
    requireRole(principal, ROLES.admins, 'read webhook deliveries');
    return this.webhooks.listDeliveries(orgIdOf(principal), filter, Math.min(Math.max(limit, 1), 500));
  }

  /** One delivery per subscribed endpoint, each a job with a deterministic id (enqueued once). */
  async enqueueForAlert(alert: AlertRow): Promise<void> {
    if (!this.settings.enabled) return;
    const endpoints = await this.webhooks.subscribers(alert.orgId, alert.type);
    if (endpoints.length === 0) return;
    const deliveries = endpoints.map((endpoint) => ({ orgId: alert.orgId, id: uuidv7(), endpointId: endpoint.id, eventType: alert.type, eventId: alert.id, payload: { type: alert.type, alert } }));
    const created = new Set(await this.webhooks.insertDeliveries(deliveries));
    await this.queue().addBulk(
      deliveries
        .filter((d) => created.has(d.id))
        .map((d) => ({
          name: JOB_NAMES.deliverWebhook,
          data: { orgId: d.orgId, deliveryId: d.id },
          opts: { jobId: `webhook-${d.id}`, attempts: this.settings.attempts, backoff: { type: 'exponential', delay: this.settings.backoffMs } },
        })),
    );
  }

  /**
   * One attempt: POST the payload with its signature. Throws on failure so
   * the queue retries; the last failed attempt marks the delivery DEAD.
   */
  async deliver(orgId: string, deliveryId: string, attempt: number, lastAttempt: boolean): Promise<void> {
    const delivery = await this.webhooks.findDelivery(orgId, deliveryId);
    if (!delivery) throw new DomainError('NOT_FOUND', `Webhook delivery ${deliveryId} not found`);
    if (delivery.status === 'DELIVERED') return;
    const body = JSON.stringify({ id: delivery.id, type: delivery.eventType, createdAt: delivery.createdAt, attempt, data: delivery.payload });
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tollgate-Webhooks/1',
          'tollgate-signature': signWebhook(delivery.endpoint.secret, body),
          'tollgate-event': delivery.eventType,
          'tollgate-delivery': delivery.id,
        },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await this.webhooks.recordAttempt(orgId, deliveryId, { status: 'DELIVERED', statusCode, error: null });
        return;
      }
      error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = (failure as Error).message;
    }
    await this.webhooks.recordAttempt(orgId, deliveryId, { status: lastAttempt ? 'DEAD' : 'RETRYING', statusCode, error });
    throw new Error(`Webhook delivery ${deliveryId} failed: ${error}`);
  }
}
