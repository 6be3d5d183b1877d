import type { Signal } from '../../../shared/domain/signal';
import type { AmAlert } from './alertmanagerSchemas';
import { exprFromGeneratorUrl } from '../../../shared/evidence/alertExpression';

export interface ToAlertmanagerSignalsOptions {
  /**
   * Silenced and inhibited alerts are left out by default, as Alertmanager itself does not notify
   * for them: a silence set from Vigil should quiet the incident, not keep paging.
   */
  includeSuppressed?: boolean;
}

/**
 * Alertmanager alerts as Signals. The fingerprint is Alertmanager's own (a hash of the label
 * set, the same one Alertmanager uses in silences' and inhibitions' references), so a signal can
 * be matched back to `silencedBy` / `inhibitedBy`. A `dedup_key` label or annotation, when the
 * team sets one for its PagerDuty routing, becomes the cross-source dedup key.
 */
export function toAlertmanagerSignals(
  sourceId: string,
  alerts: readonly AmAlert[],
  opts: ToAlertmanagerSignalsOptions = {},
): Signal[] {
  return alerts
    .filter((a) => opts.includeSuppressed || a.status.state !== 'suppressed')
    .map((a) => {
      const started = Date.parse(a.startsAt);
      return {
        id: `${sourceId}/${a.fingerprint}`,
        sourceId,
        sourceKind: 'alertmanager' as const,
        fingerprint: a.fingerprint,
        name: a.labels.alertname ?? 'unnamed alert',
        labels: a.labels,
        annotations: a.annotations,
        // Alertmanager only lists alerts that fire (resolved ones drop out); "unprocessed" is a
        // firing alert it has just received and not yet routed.
        state: 'firing' as const,
        activeAt: Number.isFinite(started) && started > 0 ? new Date(started).toISOString() : null,
        value: null,
        generatorURL: a.generatorURL || null,
        stale: false,
        dedupKey: a.labels.dedup_key ?? a.annotations.dedup_key ?? null,
        // Prometheus links each alert to its rule's graph page; the expression is in that link.
        ...expressionOf(a.generatorURL),
      };
    });
}

function expressionOf(url: string | null | undefined): { expr: string | null; exprNote: string | null } {
  const expr = exprFromGeneratorUrl(url);
  return expr
    ? { expr, exprNote: null }
    : { expr: null, exprNote: "Alertmanager gives no generator URL with the rule's expression" };
}
