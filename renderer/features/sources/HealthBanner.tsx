import { clockTime } from '../../components/localTime';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../components/useNow';
import { useSourcesStore } from '../../store/sourcesSlice';

const STATUS_WORDS: Record<string, string> = {
  unreachable: 'unreachable',
  'bad-reply': 'sending replies Vigil cannot use',
  'auth-rejected': 'rejecting the credentials',
  'rate-limited': 'rate-limited',
  degraded: 'degraded',
};

/** A source that is not answering is said plainly: which, since when, why; the raw cause one click away. */
export function HealthBanner() {
  const health = useSourcesStore((s) => s.health);
  const now = useNow(5_000);
  const failing = health.filter((h) => h.status !== 'ok' && h.status !== 'starting');
  if (!failing.length) return null;
  return (
    <div className="health-banner" role="alert" data-testid="health-banner">
      {failing.map((h) => (
        <div key={h.sourceId} className="health-line">
          <p>
            <strong>{h.name}</strong> {STATUS_WORDS[h.status] ?? h.status} since{' '}
            <span className="num">{clockTime(h.since)}</span> (<RelativeTime iso={h.since} now={now} />
            ). {h.message}
            {h.lastSuccessAt && h.status !== 'degraded' ? ' Its last alerts stay listed, marked stale.' : ''}
          </p>
          {h.detail && (
            <details>
              <summary>technical cause</summary>
              <code>{h.detail}</code>
            </details>
          )}
        </div>
      ))}
    </div>
  );
}
