import type { Signal } from '../../../shared/domain/signal';
import type { PdIncident } from './pagerDutySchemas';

/**
 * Alertmanager's PagerDuty receiver titles incidents `[FIRING:2] AlertName (label values...)` by
 * default. Reading the alert name back out lets the engine group the PagerDuty incident with the
 * Alertmanager or Prometheus alert that raised it (same alertname + service), even when no
 * dedup key links them.
 */
const ALERTMANAGER_TITLE = /^\[(?:FIRING|RESOLVED)(?::\d+)?\]\s+([A-Za-z_:][A-Za-z0-9_:]*)/;

export function alertnameFromTitle(title: string): string | null {
  return ALERTMANAGER_TITLE.exec(title)?.[1] ?? null;
}

/**
 * One open PagerDuty incident as a Signal. Labels carry what the engine and the classifier match
 * on (service, urgency, alertname when recognisable) plus the PagerDuty identifiers under a
 * `pagerduty_` prefix so they cannot collide with an alert's own labels. `dedupKey` is the
 * incident key (the Events API dedup_key), the strongest cross-source link.
 */
export function toPagerDutySignal(sourceId: string, incident: PdIncident): Signal {
  const serviceName = incident.service.summary ?? incident.service.id;
  const labels: Record<string, string> = {
    service: serviceName,
    pagerduty_service_id: incident.service.id,
    pagerduty_incident_id: incident.id,
    pagerduty_incident_number: String(incident.incident_number),
    pagerduty_status: incident.status,
  };
  if (incident.urgency) labels.urgency = incident.urgency;
  if (incident.incident_key) labels.incident_key = incident.incident_key;
  const alertname = alertnameFromTitle(incident.title);
  if (alertname) labels.alertname = alertname;
  if (incident.priority?.name ?? incident.priority?.summary) {
    labels.pagerduty_priority = (incident.priority.name ?? incident.priority.summary)!;
  }
  if (incident.escalation_policy?.summary) labels.pagerduty_escalation_policy = incident.escalation_policy.summary;

  const annotations: Record<string, string> = { summary: incident.title, pagerduty_url: incident.html_url };
  const assignees = incident.assignments.map((a) => a.assignee.summary ?? a.assignee.id);
  if (assignees.length) annotations.pagerduty_assignees = assignees.join(', ');
  const ackedBy = incident.acknowledgements.map((a) => a.acknowledger.summary ?? a.acknowledger.id);
  if (ackedBy.length) annotations.pagerduty_acknowledged_by = [...new Set(ackedBy)].join(', ');

  const created = Date.parse(incident.created_at);
  return {
    id: `${sourceId}/${incident.id}`,
    sourceId,
    sourceKind: 'pagerduty',
    fingerprint: incident.id,
    name: incident.title,
    labels,
    annotations,
    // Acknowledged is still an open problem: the ack is carried in pagerduty_status, not the state.
    state: incident.status === 'resolved' ? 'resolved' : 'firing',
    activeAt: Number.isFinite(created) ? new Date(created).toISOString() : null,
    value: null,
    // The link a person follows to see where the signal came from: the incident page.
    generatorURL: incident.html_url,
    stale: false,
    dedupKey: incident.incident_key ?? null,
  };
}
