import type { Incident } from '../domain/incident';
import { formatDuration } from '../classify/duration';
import { incidentSubject } from '../domain/alertSubject';

export interface NotificationText {
  title: string;
  body: string;
}

/**
 * What a page says: what (severity, alert, service), how bad (the classification reason) and
 * since when (UTC, as a post-mortem will quote it, and how long ago).
 */
export function notificationText(incident: Incident, now: number): NotificationText {
  const subject = incidentSubject(incident);
  const title = `${incident.severity} ${incident.title}${subject ? ` (${subject})` : ''}`;
  const since = new Date(incident.startedAt);
  const hhmm = since.toISOString().slice(11, 16);
  const lines = [
    incident.summary ?? incident.title,
    incident.classification.reason,
    `since ${hhmm} UTC (${formatDuration(now - since.getTime())} ago)`,
  ];
  return { title, body: lines.join('\n') };
}
