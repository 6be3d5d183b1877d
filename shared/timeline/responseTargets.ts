import type { Incident } from '../domain/incident';

/**
 * Incident types with their own detection and resolution targets (seed 002 splits
 * infrastructure from ML quality because ML quality is detected much later by nature).
 */
export type TargetClass = 'infrastructure' | 'data-pipeline' | 'ml-quality';
export const TARGET_CLASSES: readonly TargetClass[] = ['infrastructure', 'data-pipeline', 'ml-quality'];

export interface ResponseTargets {
  /** Met when the time is at most this (as the SLA clocks: exactly at the limit is not late). */
  detectMs: number;
  resolveMs: number;
  /** The target in words, shown beside the numbers (people reading it have not read the seeds). */
  why: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/*
 * infrastructure: seed 002's standard SRE targets, MTTD < 5 min and MTTR < 30 min.
 * data-pipeline: seed 002's post-mortem example sets MTTD < 10 min for schema failures and keeps
 *   MTTR < 30 min; feature freshness, nulls and schema alerts fall here.
 * ml-quality: seed 002 gives bands, not numbers: detection takes "hours to days" with proxy metrics
 *   (PSI, approval-rate drift), repair "hours" for a pipeline fix and "days" for retraining. We take
 *   the top of the "hours" band that proxy metrics make possible, MTTD 4 h, and one day to resolve:
 *   a pipeline fix fits, a retraining does not, and a retraining is exactly what the weekly review
 *   should look at. Vigil measures from the alert's active-since time, so these are reachable.
 */
export const RESPONSE_TARGETS: Record<TargetClass, ResponseTargets> = {
  infrastructure: {
    detectMs: 5 * MIN,
    resolveMs: 30 * MIN,
    why: 'infrastructure: detect within 5 min, resolve within 30 min (the usual SRE targets)',
  },
  'data-pipeline': {
    detectMs: 10 * MIN,
    resolveMs: 30 * MIN,
    why: 'data pipeline: detect within 10 min, resolve within 30 min',
  },
  'ml-quality': {
    detectMs: 4 * HOUR,
    resolveMs: 24 * HOUR,
    why: 'ML quality: detect within 4 h, resolve within 24 h (drift shows on proxy metrics within hours)',
  },
};

const ML_QUALITY =
  /drift|psi|accuracy|auc\b|approval|precision|recall|confidence|calibration|collapse|divergence|quality/i;
const DATA_PIPELINE = /fresh|stale|pipeline|schema|null|ingest|etl|backfill|dataset|missing.?(data|feature)/i;
const LABELS = ['incident_type', 'category'];

/**
 * The target class of an incident: an explicit `incident_type` or `category` label naming a class
 * wins; otherwise the alert's name decides (drift/PSI/accuracy... = ML quality, freshness/staleness/
 * schema/nulls = data pipeline, anything else = infrastructure; "feature" alone says nothing, a
 * feature store's latency is an infrastructure problem). ML quality is tested first so
 * "FeatureDrift" counts as drift, not as a pipeline problem.
 */
export function targetClassOf(incident: Incident): TargetClass {
  for (const signal of incident.signals) {
    for (const label of LABELS) {
      const v = signal.labels[label]?.toLowerCase().replace(/[\s_]+/g, '-');
      if (v === 'infra') return 'infrastructure';
      if (v && (TARGET_CLASSES as readonly string[]).includes(v)) return v as TargetClass;
    }
  }
  const name = incident.groupLabels?.alertname ?? incident.signals[0]?.name ?? incident.title;
  if (ML_QUALITY.test(name)) return 'ml-quality';
  if (DATA_PIPELINE.test(name)) return 'data-pipeline';
  return 'infrastructure';
}
