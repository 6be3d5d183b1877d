import type { Incident } from './incident';

/**
 * What an alert is about, named from its own labels: the service, else the model, else the pod
 * (namespace/pod), else the scrape target (job on instance), else the cluster. Null when the labels
 * name nothing. Never assumes a model: a Cassandra node is "cassandra (10.0.0.7:9500)".
 */
export function alertSubject(labels: Readonly<Record<string, string>>): string | null {
  const { service, model, model_name, namespace, pod, job, instance, cluster } = labels;
  if (service) return service;
  if (model || model_name) return (model || model_name)!;
  if (pod) return namespace ? `${namespace}/${pod}` : pod;
  if (job && instance) return `${job} (${instance})`;
  if (job || instance) return (job || instance)!;
  if (namespace) return namespace;
  return cluster || null;
}

/** The subject of an incident: from an alert's labels when one is there (a PagerDuty title is free text). */
export function incidentSubject(incident: Pick<Incident, 'signals'>): string | null {
  const alert = incident.signals.find((s) => s.sourceKind !== 'pagerduty') ?? incident.signals[0];
  return alert ? alertSubject(alert.labels) : null;
}
