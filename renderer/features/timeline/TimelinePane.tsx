import { useEffect } from 'react';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { useClient } from '../../api/ClientContext';
import { useTimelineStore } from '../../store/timelineSlice';

const EMPTY: TimelineEvent[] = [];

const KIND_LABEL: Partial<Record<TimelineEvent['kind'], string>> = {
  fired: 'fired',
  refired: 'fired again',
  resolved: 'resolved',
  'severity-changed': 'severity',
  escalated: 'escalated',
  'source-merged': 'source',
  'alerts-changed': 'alerts',
  notified: 'notified',
  'notification-suppressed': 'held back',
  inhibited: 'muted',
  uninhibited: 'unmuted',
  stale: 'stale',
  fresh: 'fresh',
  acknowledged: 'acked',
  mitigated: 'mitigated',
  'update-posted': 'update',
};

/** What happened to the selected incident, in order, as it happens. */
export function TimelinePane({ incidentId }: { incidentId: string }) {
  const client = useClient();
  const events = useTimelineStore((s) => s.byIncident[incidentId] ?? EMPTY);
  const problems = useTimelineStore((s) => s.problems[incidentId]);
  useEffect(() => {
    client
      .request('timeline:list', { incidentId })
      .then((r) => useTimelineStore.getState().load(incidentId, r.events, r.problems))
      .catch((err: Error) =>
        useTimelineStore.getState().load(incidentId, [], [`Could not load the timeline: ${err.message}`]),
      );
  }, [client, incidentId]);

  return (
    <section className="timeline" aria-label="Timeline">
      <h2>Timeline</h2>
      {problems?.map((p) => (
        <p key={p} className="result-error small">
          {p}
        </p>
      ))}
      <ol className="timeline-list">
        {events.map((e) => (
          <li key={e.id} className={`tl tl-${e.kind}`} data-testid="timeline-event" data-kind={e.kind}>
            <time
              className="num"
              dateTime={e.at}
              title={`${new Date(e.at).toLocaleString()} (${e.at.slice(0, 19).replace('T', ' ')} UTC)`}
            >
              {new Date(e.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
            </time>
            <span className="tl-kind">{KIND_LABEL[e.kind] ?? e.kind}</span>
            <span className="tl-text">{e.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
