import { DomainError, badInput } from '@tollgate/core';
import { uuidv7, type AlertRow, type DeliveryStatus, type WebhookDeliveryRow, type WebhookEndpointRow, type WebhooksRepository } from '@tollgate/db';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { AppConfig } from '../config/config.schema';
import { JOB_NAMES } from '../queues/queues';
import { signWebhook } from './webhook-signature';

export const WEBHOOK_EVENT_TYPES = ['THRESHOLD_WARNING', 'THRESHOLD_CRITICAL', 'LIMIT_EXCEEDED', 'FORECAST_OVERRUN', 'ANOMALY', 'POLICY_VIOLATION', 'INVOICE_FINALIZED'] as const;

/** The `type` a webhook body carries for an event type that is not an alert. */
const EVENT_NAMES: Record<string, string> = { INVOICE_FINALIZED: 'invoice.finalized' };

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
    const created = await this.recordEvent(alert.orgId, alert.type, alert.id, { type: alert.type, alert });
    await this.enqueue(alert.orgId, created);
  }

  /**
   * Writes the deliveries of an event (one per subscribed endpoint, once per
   * event id); with `q` inside the caller's transaction, so the event exists
   * exactly when what it reports does. `dispatchEvent` sends them after commit.
   */
  async recordEvent(orgId: string, eventType: string, eventId: string, data: object, q?: Pick<DataSource, 'query'>): Promise<string[]> {
    if (!this.settings.enabled) return [];
    const endpoints = await this.webhooks.subscribers(orgId, eventType, q);
    const payload = { type: EVENT_NAMES[eventType] ?? eventType, ...data };
    return this.webhooks.insertDeliveries(endpoints.map((endpoint) => ({ orgId, id: uuidv7(), endpointId: endpoint.id, eventType, eventId, payload })), q);
  }

  /** Enqueues every undelivered delivery of an event; safe to repeat (job ids are the delivery ids). */
  async dispatchEvent(orgId: string, eventId: string): Promise<void> {
    if (!this.settings.enabled) return;
    await this.enqueue(orgId, await this.webhooks.undeliveredOf(orgId, eventId));
  }

  private async enqueue(orgId: string, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue().addBulk(
      deliveryIds.map((id) => ({
        name: JOB_NAMES.deliverWebhook,
        data: { orgId, deliveryId: id },
        opts: { jobId: `webhook-${id}`, attempts: this.settings.attempts, backoff: { type: 'exponential', delay: this.settings.backoffMs } },
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
    const body = JSON.stringify({ id: delivery.id, type: EVENT_NAMES[delivery.eventType] ?? delivery.eventType, createdAt: delivery.createdAt, attempt, data: delivery.payload });
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
