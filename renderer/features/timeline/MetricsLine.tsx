import { formatDuration } from '../../../shared/classify/duration';
import type { TimelineView } from '../../../shared/timeline/buildTimeline';
import {
  incidentMetrics,
  METRIC_ABBREVIATION,
  METRIC_LABEL,
  type ResponseMetric,
} from '../../../shared/timeline/incidentMetrics';
import { MILESTONE_LABEL } from '../../../shared/timeline/milestone';

const SHOWN: [ResponseMetric, string][] = [
  ['detect', 'detect'],
  ['acknowledge', 'ack'],
  ['mitigate', 'mitigate'],
  ['resolve', 'resolve'],
];

/**
 * Time to detect / acknowledge / mitigate / resolve of this incident, from its milestones, so a
 * corrected first symptom or a marked mitigation counts at once. Detection runs from the first
 * symptom (Prometheus activeAt), never from the page; the hover says from what to what.
 */
export function MetricsLine({ view }: { view: TimelineView }) {
  const metrics = incidentMetrics(view.milestones);
  return (
    <dl className="tl-metrics" aria-label="Response times">
      {SHOWN.map(([metric, short]) => {
        const v = metrics[metric];
        const span = `${MILESTONE_LABEL[v.from]} → ${MILESTONE_LABEL[v.to]}`;
        const title = `${METRIC_LABEL[metric]} (${METRIC_ABBREVIATION[metric]}), ${span}: ${v.text}`;
        return (
          <div key={metric} title={title} className={v.problem ? 'tl-metric-problem' : undefined}>
            <dt>{short}</dt>
            <dd className="num" data-testid={`metric-${metric}`}>
              {v.ms !== null ? formatDuration(v.ms) : v.problem ? '?' : '—'}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
