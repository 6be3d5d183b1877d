import { useNow } from '../../components/useNow';
import { RelativeTime } from '../../components/RelativeTime';
import { useSourcesStore } from '../../store/sourcesSlice';

/** A source that is not answering is said plainly, with the cause in words and since when. */
export function HealthBanner() {
  const health = useSourcesStore((s) => s.health);
  const now = useNow(5_000);
  const failing = health.filter((h) => h.status !== 'ok' && h.status !== 'starting');
  if (!failing.length) return null;
  return (
    <div className="health-banner" role="alert" data-testid="health-banner">
      {failing.map((h) => (
        <p key={h.sourceId}>
          <strong>{h.name}</strong> {h.status === 'unreachable' ? 'unreachable' : h.status.replace('-', ' ')} for{' '}
          <RelativeTime iso={h.since} now={now} />: {h.message}
          {h.lastSuccessAt ? ' Its last alerts stay listed, marked stale.' : ''}
          {h.detail && <span className="muted"> ({h.detail})</span>}
        </p>
      ))}
    </div>
  );
}
