import { DomainError, Dec, scoreHour } from '@tollgate/core';
import { uuidv7, type AnomaliesRepository, type AnomalyFilter, type AnomalyRow, type SpendByHourRepository, type SpendSeriesHistory } from '@tollgate/db';
import { orgIdOf, requireRole } from '../auth/auth.service';
import { ROLES, type Principal } from '../auth/principal';
import type { AlertService } from '../alerts/alert.service';
import type { AppConfig } from '../config/config.schema';
import type { Logger } from '../logging/logger';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type Settings = AppConfig['insights']['anomalies'];

export interface SpendScanResult {
  orgId: string;
  hour: Date;
  /** Series that spent enough to be scored. */
  scored: number;
  /** Anomalies this hour started or extended. */
  anomalies: AnomalyRow[];
}

/** Hours from `from` up to (not including) `hour`, zero where a series did not spend, and the spend of `hour`. */
export function denseHistory(series: SpendSeriesHistory, from: Date, hour: Date): { history: number[]; actual: number } {
  const history = new Array<number>(Math.max(0, Math.round((hour.getTime() - from.getTime()) / HOUR_MS))).fill(0);
  let actual = 0;
  for (const point of series.points) {
    const index = Math.round((point.hour.getTime() - from.getTime()) / HOUR_MS);
    if (index === history.length) actual = Number(point.cost);
    else if (index >= 0 && index < history.length) history[index] = Number(point.cost);
  }
  return { history, actual };
}

const describeSeries = (dimension: string, key: string) => (dimension === 'ORGANIZATION' ? 'the organization' : `${dimension.toLowerCase()} ${key}`);

/**
 * The hourly spend watch: rebuilds an org's hourly series, scores the hour
 * just closed of every series big enough to matter against its trailing
 * window (robust seasonal z-scores, see core `scoreHour`), stores anomalies
 * and raises one ANOMALY alert per incident.
 */
export class AnomalyService {
  constructor(
    private readonly spend: SpendByHourRepository,
    private readonly anomalies: AnomaliesRepository,
    private readonly alerts: AlertService,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  /** Orgs with usage in the hour starting at `hour`: the ones a scan of that hour can find anything in. */
  orgsToScan(hour: Date): Promise<string[]> {
    return this.spend.orgsWithUsage(hour, new Date(hour.getTime() + HOUR_MS));
  }

  /** Scans the hour starting at `hour` (a whole UTC hour) for one org. Safe to repeat. */
  async scanOrg(orgId: string, hour: Date): Promise<SpendScanResult> {
    if (hour.getTime() % HOUR_MS !== 0) throw new DomainError('BAD_USER_INPUT', `${hour.toISOString()} is not the start of an hour`);
    // Whole weeks plus a day: the scorer takes the oldest day's level from it rather than from a week later.
    const windowStart = new Date(hour.getTime() - this.settings.windowDays * DAY_MS - DAY_MS);
    const scanned = await this.spend.scannedThrough(orgId);
    const lateFrom = hour.getTime() - this.settings.rebuildHours * HOUR_MS;
    const rebuildFrom = new Date(Math.max(windowStart.getTime(), Math.min(lateFrom, scanned?.getTime() ?? windowStart.getTime())));
    await this.spend.rebuild(orgId, rebuildFrom, new Date(hour.getTime() + HOUR_MS));

    // A young org's window starts at its first spend, so its first days are not read as a jump from zero.
    const first = await this.spend.firstHour(orgId, windowStart);
    const from = first && first > windowStart ? (first < hour ? first : hour) : windowStart;
    const candidates = await this.spend.candidateHistories(orgId, from, hour, this.settings.minHourlyExcess, this.settings.minWindowSpend);
    const found: AnomalyRow[] = [];
    for (const series of candidates) {
      const { history, actual } = denseHistory(series, from, hour);
      const score = scoreHour(history, actual, {
        threshold: this.settings.threshold,
        criticalThreshold: this.settings.criticalThreshold,
        minExcess: Number(this.settings.minHourlyExcess),
      });
      if (!score.isAnomaly || !score.severity) continue;
      const { anomaly, started } = await this.anomalies.record({
        orgId,
        id: uuidv7(),
        dimension: series.dimension,
        key: series.key,
        currency: series.currency,
        hour,
        expected: new Dec(score.expected.toFixed(6)),
        actual: new Dec(series.points.find((point) => point.hour.getTime() === hour.getTime())?.cost ?? 0),
        score: score.score,
        severity: score.severity,
        method: score.method,
      });
      found.push(anomaly);
      if (started) await this.raise(anomaly);
    }
    await this.spend.markScanned(orgId, new Date(hour.getTime() + HOUR_MS));
    await this.spend.prune(orgId, new Date(windowStart.getTime() - DAY_MS));
    if (found.length) this.logger.info({ orgId, hour, anomalies: found.length }, 'spend anomalies found');
    return { orgId, hour, scored: candidates.length, anomalies: found };
  }

  async listAnomalies(principal: Principal, filter: AnomalyFilter, limit = 100): Promise<AnomalyRow[]> {
    requireRole(principal, ROLES.readers, 'read anomalies');
    return this.anomalies.list(orgIdOf(principal), filter, Math.min(Math.max(limit, 1), 500));
  }

  async acknowledgeAnomaly(principal: Principal, id: string): Promise<AnomalyRow> {
    requireRole(principal, ROLES.writers, 'acknowledge anomalies');
    const anomaly = await this.anomalies.acknowledge(orgIdOf(principal), id, principal.actor);
    if (!anomaly) throw new DomainError('NOT_FOUND', `Anomaly ${id} not found`);
    // Its alert shares its id: seen in one place is seen in both.
    await this.alerts.acknowledgeAlert(principal, id).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
    });
    return anomaly;
  }

  private async raise(anomaly: AnomalyRow): Promise<void> {
    const hour = anomaly.firstHour.toISOString().slice(0, 13);
    const message =
      `Spend of ${describeSeries(anomaly.dimension, anomaly.key)} was ${anomaly.actual.toDecimalPlaces(2).toFixed()} ${anomaly.currency} in the hour from ${hour}:00 UTC, ` +
      `expected about ${anomaly.expected.toDecimalPlaces(2).toFixed()} ${anomaly.currency} (score ${anomaly.score.toFixed(1)})`;
    await this.alerts.raiseAnomaly(anomaly, message, {
      anomalyId: anomaly.id,
      dimension: anomaly.dimension,
      key: anomaly.key,
      currency: anomaly.currency,
      hour: anomaly.firstHour.toISOString(),
      expected: anomaly.expected.toFixed(),
      actual: anomaly.actual.toFixed(),
      score: anomaly.score,
      method: anomaly.method,
    });
  }
}
