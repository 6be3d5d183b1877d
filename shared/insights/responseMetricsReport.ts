import type { SeverityPolicy } from '../classify/classificationConfig';
import { parseDuration } from '../classify/duration';
import type { Severity } from '../domain/severity';
import type { ResponseMetric } from '../timeline/incidentMetrics';
import { RESPONSE_TARGETS } from '../timeline/responseTargets';
import { clockStart } from '../incidents/slaClocks';
import { analyseIncident, type AnalysedIncident, type IncidentRecord } from './incidentHistory';

/** The incident types the metrics view groups by. `type` = seed 002's target class. */
export type IncidentGrouping = 'alertname' | 'service' | 'severity' | 'type';

/** The four response measures; the impact duration is left to the post-mortem. */
export const REPORTED_METRICS = ['detect', 'acknowledge', 'mitigate', 'resolve'] as const;
export type ReportedMetric = (typeof REPORTED_METRICS)[number] & ResponseMetric;

export type SeverityPolicies = Partial<Record<Severity, SeverityPolicy>>;

export interface Period {
  from: number;
  /** Exclusive. */
  to: number;
}

export interface ResponseMetricsInput {
  records: readonly IncidentRecord[];
  /** Incidents count when Vigil detected them in [from, to). */
  period: Period;
  groupBy: IncidentGrouping;
  /**
   * The severities' SLAs (classification config). When given, MTTA and MTTM are checked against
   * each incident's ack and mitigate SLA; MTTD and MTTR always against seed 002's targets.
   */
  policies?: SeverityPolicies;
}

export interface MetricStats {
  metric: ReportedMetric;
  /** Incidents with a value. */
  count: number;
  /** Incidents without one (a milestone missing: not acknowledged, not resolved...). */
  missing: number;
  meanMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
  /** The target when every measured incident of the group has the same one, else null. */
  targetMs: number | null;
  /** The target in words ("infrastructure: detect within 5 min...", "P1 ack SLA"), null when mixed or none. */
  targetWhy: string | null;
  /** Each incident against its own target (type for MTTD/MTTR, severity SLA for MTTA/MTTM). */
  met: number;
  missed: number;
  /**
   * One point per measured incident, by detection time: the small chart's data. `targetMs` is
   * that incident's own target (null when it has none), so a chart can mark each point met or
   * missed even when the group mixes targets.
   */
  points: { incidentId: string; at: string; ms: number; targetMs: number | null }[];
}

export interface MetricsGroup {
  key: string;
  incidents: number;
  metrics: Record<ReportedMetric, MetricStats>;
}

export interface ResponseMetricsReport {
  period: { from: string; to: string };
  groupBy: IncidentGrouping;
  /** Most incidents first. */
  groups: MetricsGroup[];
  overall: MetricsGroup;
}

/**
 * MTTD / MTTA / MTTM / MTTR per incident type over a period, each incident measured from its own
 * milestones (so corrections made on its timeline count), compared with seed 002's targets.
 * Means are the "M" of the names; medians are given too because one long incident skews a mean.
 */
export function responseMetricsReport(input: ResponseMetricsInput): ResponseMetricsReport {
  const analysed = input.records
    .map(analyseIncident)
    .filter((a) => a.detectedMs >= input.period.from && a.detectedMs < input.period.to)
    .sort((a, b) => a.detectedMs - b.detectedMs);

  const byKey = new Map<string, AnalysedIncident[]>();
  for (const a of analysed) {
    const key = keyOf(a, input.groupBy);
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const groups = [...byKey.entries()]
    .map(([key, list]) => groupOf(key, list, input.policies ?? {}))
    .sort((a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key));
  return {
    period: { from: new Date(input.period.from).toISOString(), to: new Date(input.period.to).toISOString() },
    groupBy: input.groupBy,
    groups,
    overall: groupOf('all incidents', analysed, input.policies ?? {}),
  };
}

function keyOf(a: AnalysedIncident, groupBy: IncidentGrouping): string {
  switch (groupBy) {
    case 'alertname':
      return a.alertname;
    case 'service':
      return a.service;
    case 'severity':
      return a.incident.severity;
    case 'type':
      return a.targetClass;
  }
}

interface Target {
  ms: number;
  why: string;
}

function targetOf(a: AnalysedIncident, metric: ReportedMetric, policies: SeverityPolicies) {
  const seed = RESPONSE_TARGETS[a.targetClass];
  const sla = (field: 'ack' | 'mitigate', name: string): Target | null => {
    const text = policies[a.incident.severity]?.[field];
    const ms = text === undefined ? null : parseDuration(text);
    return ms === null ? null : { ms, why: `${a.incident.severity} ${name} SLA` };
  };
  switch (metric) {
    case 'detect':
      return { ms: seed.detectMs, why: seed.why };
    case 'resolve':
      return { ms: seed.resolveMs, why: seed.why };
    case 'acknowledge':
      return sla('ack', 'ack');
    case 'mitigate':
      return sla('mitigate', 'mitigate');
  }
}

function groupOf(key: string, list: readonly AnalysedIncident[], policies: SeverityPolicies): MetricsGroup {
  const metrics = {} as Record<ReportedMetric, MetricStats>;
  for (const metric of REPORTED_METRICS) {
    const points: MetricStats['points'] = [];
    const targets: (Target | null)[] = [];
    let met = 0;
    let missed = 0;
    for (const a of list) {
      const ms = a.metrics[metric].ms;
      if (ms === null) continue;
      const target = targetOf(a, metric, policies);
      // An SLA runs from when the incident reached its severity, as its clocks in the window do:
      // an incident escalated to P1 after two hours has its P1 ack time from then, not from detection.
      const late =
        metric === 'acknowledge' || metric === 'mitigate' ? Math.max(0, clockStart(a.incident) - a.detectedMs) : 0;
      const due = target === null ? null : target.ms + late;
      points.push({
        incidentId: a.incident.id,
        at: new Date(a.detectedMs).toISOString(),
        ms,
        targetMs: due,
      });
      targets.push(target);
      if (due === null) continue;
      if (ms <= due) met++;
      else missed++;
    }
    const values = points.map((p) => p.ms);
    // One target for the group only when it is the same number for the same reason.
    const same =
      targets.length > 0 && targets.every((t) => t !== null && t.ms === targets[0]!.ms && t.why === targets[0]!.why);
    metrics[metric] = {
      metric,
      count: values.length,
      missing: list.length - values.length,
      meanMs: values.length ? Math.round(values.reduce((s, v) => s + v, 0) / values.length) : null,
      medianMs: median(values),
      maxMs: values.length ? Math.max(...values) : null,
      targetMs: same ? targets[0]!.ms : null,
      targetWhy: same ? targets[0]!.why : null,
      met,
      missed,
      points,
    };
  }
  return { key, incidents: list.length, metrics };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
