import { formatDuration } from '../classify/duration';
import { clockText } from '../incidents/incidentLifecycle';
import type { TimelineView } from './buildTimeline';
import { MILESTONE_LABEL, type Milestone } from './milestone';

export const RESPONSE_METRICS = ['detect', 'acknowledge', 'mitigate', 'resolve', 'duration'] as const;
export type ResponseMetric = (typeof RESPONSE_METRICS)[number];

/*
 * Where each measure starts and ends. Detection runs from the first symptom (Prometheus activeAt),
 * never from the page: a page that went out fast for a problem that smouldered for an hour is a
 * slow detection. The response measures (ack, mitigate, resolve) run from detection, as seed 002
 * computes MTTR (resolution - first alert) and as the SLA clocks start; `duration` is the whole
 * impact window, first symptom to resolution.
 */
const SPAN: Record<ResponseMetric, { from: Milestone; to: Milestone }> = {
  detect: { from: 'first-symptom', to: 'detected' },
  acknowledge: { from: 'detected', to: 'acknowledged' },
  mitigate: { from: 'detected', to: 'mitigated' },
  resolve: { from: 'detected', to: 'resolved' },
  duration: { from: 'first-symptom', to: 'resolved' },
};

export const METRIC_LABEL: Record<ResponseMetric, string> = {
  detect: 'Time to detect',
  acknowledge: 'Time to acknowledge',
  mitigate: 'Time to mitigate',
  resolve: 'Time to resolve',
  duration: 'Duration',
};

/** The usual abbreviation of the mean over many incidents (insights). */
export const METRIC_ABBREVIATION: Record<ResponseMetric, string> = {
  detect: 'MTTD',
  acknowledge: 'MTTA',
  mitigate: 'MTTM',
  resolve: 'MTTR',
  duration: 'duration',
};

export interface MetricValue {
  metric: ResponseMetric;
  /** Milliseconds, or null when a milestone is missing or the times contradict each other. */
  ms: number | null;
  from: Milestone;
  /** The milestone it ended at; 'resolved' for mitigate when no mitigation was recorded. */
  to: Milestone;
  /** "25 min", "54 min (at resolution)", "not known: no acknowledged milestone". */
  text: string;
  /** Why the value is null because of the times (not merely missing), in words; else null. */
  problem: string | null;
}

export type IncidentMetrics = Record<ResponseMetric, MetricValue>;

/**
 * MTTD / MTTA / MTTM / MTTR of one incident, from its milestones (so a person's corrections of
 * the first symptom or the mitigation time count). An incident resolved without a separate
 * mitigation was mitigated at the latest when it resolved, as the SLA clocks treat it; the text
 * says so. A milestone that lies before its start (a mistyped correction) gives null and a problem.
 */
export function incidentMetrics(milestones: TimelineView['milestones']): IncidentMetrics {
  const out = {} as IncidentMetrics;
  for (const metric of RESPONSE_METRICS) {
    const { from } = SPAN[metric];
    let to = SPAN[metric].to;
    if (metric === 'mitigate' && !milestones.mitigated && milestones.resolved) to = 'resolved';
    const start = milestones[from];
    const end = milestones[to];
    const missing = [start ? null : from, end ? null : to].filter((m): m is Milestone => m !== null);
    if (!start || !end) {
      const names = missing.map((m) => MILESTONE_LABEL[m]).join(' or ');
      out[metric] = { metric, ms: null, from, to, text: `not known: no ${names} milestone`, problem: null };
      continue;
    }
    const ms = Date.parse(end.at) - Date.parse(start.at);
    if (ms < 0) {
      const problem = `${MILESTONE_LABEL[to]} (${clockText(Date.parse(end.at))}) is before ${MILESTONE_LABEL[from]} (${clockText(Date.parse(start.at))}): check the milestone times`;
      out[metric] = { metric, ms: null, from, to, text: `not known: ${problem}`, problem };
      continue;
    }
    const atResolution = metric === 'mitigate' && to === 'resolved' ? ' (at resolution)' : '';
    out[metric] = { metric, ms, from, to, text: `${formatDuration(ms)}${atResolution}`, problem: null };
  }
  return out;
}
