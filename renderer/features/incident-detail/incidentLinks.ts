import type { Incident } from '../../../shared/domain/incident';
import { isHttpUrl } from './ExternalLink';

export interface IncidentLink {
  /** What it is, as the list shows it: "runbook", "dashboard", "Prometheus graph"... */
  name: string;
  href: string;
}

const ANNOTATION_LINKS: [string, string][] = [
  ['runbook_url', 'runbook'],
  ['runbook', 'runbook'],
  ['dashboard', 'dashboard'],
  ['dashboard_url', 'dashboard'],
];

/**
 * The places to look, from every signal of the incident, each once: runbook and dashboard
 * annotations, the alert's generatorURL (Prometheus's graph of its expression), and the PagerDuty
 * incident page. Only http(s) links: an annotation can hold anything, and a javascript: or file:
 * URL must never become a link.
 */
export function incidentLinks(incident: Incident): IncidentLink[] {
  const out: IncidentLink[] = [];
  const seen = new Set<string>();
  const add = (name: string, href: string | null | undefined) => {
    if (!isHttpUrl(href)) return;
    const canonical = new URL(href).href;
    if (seen.has(canonical)) return;
    seen.add(canonical);
    out.push({ name, href: canonical });
  };
  for (const s of incident.signals) {
    for (const [key, name] of ANNOTATION_LINKS) add(name, s.annotations[key]);
  }
  for (const s of incident.signals) {
    if (s.sourceKind === 'prometheus' || s.sourceKind === 'alertmanager') add('Prometheus graph', s.generatorURL);
  }
  for (const s of incident.signals) {
    if (s.sourceKind !== 'pagerduty') continue;
    const n = s.labels.pagerduty_incident_number;
    add(n ? `PagerDuty incident #${n}` : 'PagerDuty incident', s.annotations.pagerduty_url ?? s.generatorURL);
  }
  return out;
}
