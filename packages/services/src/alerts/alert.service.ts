import { alertTypeFor, crossedThresholds, DomainError, type ThresholdAlertType } from '@tollgate/core';
import { uuidv7, type AlertFilter, type AlertRow, type AlertsRepository, type BudgetRow, type RedisClient } from '@tollgate/db';
import type Decimal from 'decimal.js';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { Logger } from '../logging/logger';

const SEVERITY: Record<ThresholdAlertType, AlertRow['severity']> = {
  THRESHOLD_WARNING: 'WARNING',
  THRESHOLD_CRITICAL: 'CRITICAL',
  LIMIT_EXCEEDED: 'CRITICAL',
};

/** The Redis channel every API process listens on for an org's alerts. */
export const alertChannel = (prefix: string, orgId: string) => `${prefix}:alerts:${orgId}`;

/**
 * Raises alerts once (thresholds per budget period, policy violations per
 * cooldown), stores them, and publishes each new one on Redis so subscribers
 * on every API process receive it.
 */
export class AlertService {
  private readonly raisedHandlers: Array<(alert: AlertRow) => Promise<void>> = [];

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly publisher: Pick<RedisClient, 'publish'>,
    private readonly prefix: string,
    private readonly cooldownMinutes: number,
    private readonly logger: Logger,
  ) {}

  /** Fires each threshold the utilization has crossed this period that has not fired yet. */
  async raiseThresholds(budget: BudgetRow, periodStart: Date, utilization: Decimal): Promise<AlertRow[]> {
    const raised: AlertRow[] = [];
    for (const threshold of crossedThresholds(budget.thresholds, utilization)) {
      const type = alertTypeFor(threshold, budget);
      const alert = await this.alerts.insertOnce({
        orgId: budget.orgId,
        id: uuidv7(),
        budgetId: budget.id,
        type,
        severity: SEVERITY[type],
        threshold,
        periodStart,
        message: `Budget "${budget.name}" reached ${utilization.toDecimalPlaces(1).toFixed()}% (threshold ${threshold}%)`,
        details: { utilization: utilization.toFixed(), budgetName: budget.name },
      });
      if (alert) raised.push(await this.publish(alert));
    }
    return raised;
  }

  /**
   * A denied call: one POLICY_VIOLATION per budget per cooldown window. The
   * window's start stands in the period column and threshold 0 marks "none",
   * so the unique index keeps concurrent denials to one alert.
   */
  async raisePolicyViolation(budget: Pick<BudgetRow, 'orgId' | 'id'>, message: string, details: Record<string, unknown>): Promise<AlertRow | null> {
    const cooldownMs = Math.max(this.cooldownMinutes, 1) * 60_000;
    const alert = await this.alerts.insertOnce({
      orgId: budget.orgId,
      id: uuidv7(),
      budgetId: budget.id,
      type: 'POLICY_VIOLATION',
      severity: 'WARNING',
      threshold: 0,
      periodStart: new Date(Math.floor(Date.now() / cooldownMs) * cooldownMs),
      message,
      details,
    });
    return alert ? this.publish(alert) : null;
  }

  /**
   * The projection of a budget's period crosses its limit: once per budget
   * period (threshold 100 marks it, so the unique index keeps it to one).
   */
  async raiseForecastOverrun(budget: BudgetRow, periodStart: Date, severity: 'WARNING' | 'CRITICAL', message: string, details: Record<string, unknown>): Promise<AlertRow | null> {
    const alert = await this.alerts.insertOnce({
      orgId: budget.orgId,
      id: uuidv7(),
      budgetId: budget.id,
      type: 'FORECAST_OVERRUN',
      severity,
      threshold: 100,
      periodStart,
      message,
      details,
    });
    return alert ? this.publish(alert) : null;
  }

  /** An anomaly found by the spend watch; the alert takes the anomaly's id, so raising it again is a no-op. */
  async raiseAnomaly(anomaly: { orgId: string; id: string; severity: 'WARNING' | 'CRITICAL'; firstHour: Date }, message: string, details: Record<string, unknown>): Promise<AlertRow | null> {
    const alert = await this.alerts.insertOnce({
      orgId: anomaly.orgId,
      id: anomaly.id,
      budgetId: null,
      type: 'ANOMALY',
      severity: anomaly.severity,
      threshold: null,
      periodStart: anomaly.firstHour,
      message,
      details,
    });
    return alert ? this.publish(alert) : null;
  }

  /** Runs after each new alert is stored and published (webhook deliveries hook in here). */
  onRaised(handler: (alert: AlertRow) => Promise<void>): void {
    this.raisedHandlers.push(handler);
  }

  async listAlerts(principal: Principal, filter: AlertFilter, limit = 100): Promise<AlertRow[]> {
    requireRole(principal, ROLES.readers, 'read alerts');
    return this.alerts.list(orgIdOf(principal), filter, Math.min(Math.max(limit, 1), 500));
  }

  async acknowledgeAlert(principal: Principal, id: string): Promise<AlertRow> {
    requireRole(principal, ROLES.writers, 'acknowledge alerts');
    return this.transitionOrThrow(principal, id, 'ACKNOWLEDGED');
  }

  async resolveAlert(principal: Principal, id: string): Promise<AlertRow> {
    requireRole(principal, ROLES.writers, 'resolve alerts');
    return this.transitionOrThrow(principal, id, 'RESOLVED');
  }

  private async transitionOrThrow(principal: Principal, id: string, to: 'ACKNOWLEDGED' | 'RESOLVED'): Promise<AlertRow> {
    const alert = await this.alerts.transition(orgIdOf(principal), id, to, principal.actor);
    if (!alert) throw new DomainError('NOT_FOUND', `Alert ${id} not found`);
    return alert;
  }

  private async publish(alert: AlertRow): Promise<AlertRow> {
    this.logger.warn({ alert: { id: alert.id, type: alert.type, budgetId: alert.budgetId, orgId: alert.orgId } }, alert.message);
    await this.publisher.publish(alertChannel(this.prefix, alert.orgId), JSON.stringify(alert)).catch((error: unknown) => {
      this.logger.error({ err: error, alertId: alert.id }, 'could not publish an alert; it is stored and listed');
    });
    for (const handler of this.raisedHandlers) {
      await handler(alert).catch((error: unknown) => this.logger.error({ err: error, alertId: alert.id }, 'an alert channel failed; the alert is stored and listed'));
    }
    return alert;
  }
}
