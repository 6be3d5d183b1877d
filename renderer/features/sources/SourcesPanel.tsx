import { useEffect, useRef, useState } from 'react';
import type { SourceHealth } from '../../../shared/domain/sourceHealth';
import type { SourceView } from '../../../shared/ipc/contract';
import { useClient } from '../../api/ClientContext';
import { clockTime } from '../../components/localTime';
import { RelativeTime } from '../../components/RelativeTime';
import { SourceChip } from '../../components/SourceChip';
import { useNow } from '../../components/useNow';
import { useAppStore } from '../../store/appSlice';
import { useSourcesStore } from '../../store/sourcesSlice';
import { refreshSources } from './refreshSources';
import { SourceForm } from './SourceForm';

type ConfiguredView = Exclude<SourceView, { kind: 'demo' }>;

const STATUS_WORDS: Record<SourceHealth['status'], string> = {
  starting: 'starting',
  ok: 'ok',
  degraded: 'degraded',
  unreachable: 'unreachable',
  'bad-reply': 'bad replies',
  'auth-rejected': 'credentials rejected',
  'rate-limited': 'rate-limited',
};

/** Every source with its health; add, edit, test, remove; the demo. */
export function SourcesPanel() {
  const client = useClient();
  const sources = useSourcesStore((s) => s.sources);
  const info = useAppStore((s) => s.info);
  const now = useNow(5_000);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);
  const editing = sources.find((s): s is ConfiguredView => s.id === editingId && s.kind !== 'demo') ?? null;

  useEffect(() => {
    if (editingId) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [editingId]);

  const act = (fn: () => Promise<unknown>) => () =>
    fn()
      .then(() => refreshSources(client))
      .catch((err: Error) => useAppStore.getState().setError(err.message));

  return (
    <main className="sources-panel">
      <div className="panel-head">
        <h1>Sources</h1>
        <button type="button" onClick={act(() => client.request('demo:start', {}))}>
          {info?.demoRunning ? 'Replay the demo from the start' : 'Start the demo'}
        </button>
      </div>
      {sources.length === 0 ? (
        <p className="muted">No sources yet: add one below, or start the demo.</p>
      ) : (
        <table className="sources-table" aria-label="Sources">
          <thead>
            <tr>
              <th>Source</th>
              <th>Where</th>
              <th>Health</th>
              <th>Last answer</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id} data-testid="source-row" data-status={s.health.status}>
                <td>
                  <div className="source-name">{s.name}</div>
                  <SourceChip kind={s.kind} />
                </td>
                <td className="source-where">
                  <div className="source-url">
                    {s.url}
                    {'pathPrefix' in s && s.pathPrefix}
                  </div>
                  <div className="muted small">{accessSummary(s)}</div>
                </td>
                <td className="source-health">
                  <HealthCell source={s} now={now} />
                </td>
                <td className="num">
                  {s.health.lastSuccessAt ? (
                    <RelativeTime iso={s.health.lastSuccessAt} now={now} suffix=" ago" />
                  ) : (
                    'never'
                  )}
                </td>
                <td className="row-actions">
                  {s.kind === 'demo' ? (
                    <button type="button" onClick={act(() => client.request('demo:stop', {}))}>
                      Stop demo
                    </button>
                  ) : confirmRemove === s.id ? (
                    <span className="confirm" role="group" aria-label={`Remove ${s.name}?`}>
                      <span className="small">Remove it and its secrets?</span>
                      <button
                        type="button"
                        className="danger"
                        onClick={act(async () => {
                          await client.request('sources:remove', { id: s.id });
                          setConfirmRemove(null);
                          if (editingId === s.id) setEditingId(null);
                        })}
                      >
                        Remove
                      </button>
                      <button type="button" onClick={() => setConfirmRemove(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        aria-label={`Check ${s.name} now`}
                        title="Ask this source now instead of waiting for its next poll"
                        onClick={act(() => client.request('sources:poll', { id: s.id }))}
                      >
                        Check now
                      </button>
                      <button type="button" aria-label={`Edit ${s.name}`} onClick={() => setEditingId(s.id)}>
                        Edit
                      </button>
                      <button type="button" aria-label={`Remove ${s.name}`} onClick={() => setConfirmRemove(s.id)}>
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section ref={formRef} className="source-form-section" aria-labelledby="source-form-heading">
        <h2 id="source-form-heading">{editing ? `Edit ${editing.name}` : 'Add a source'}</h2>
        <SourceForm
          key={editing?.id ?? 'add'}
          editing={editing}
          onDone={() => setEditingId(null)}
          onCancel={editing ? () => setEditingId(null) : undefined}
        />
      </section>
    </main>
  );
}

function HealthCell({ source, now }: { source: SourceView; now: number }) {
  const h = source.health;
  const budget = h.requestBudget;
  const showLastError = source.lastError && source.lastError.message !== h.message;
  return (
    <>
      <span className={`health-dot health-${h.status}`}>
        {STATUS_WORDS[h.status]}
        {h.status === 'rate-limited' && h.until ? ` until ${clockTime(h.until)}` : ''}
      </span>
      {h.message && <div className="health-message">{h.message}</div>}
      <HeartbeatLine health={h} />
      {budget && (
        <div className="muted small num" title="Requests PagerDuty still allows in its current window">
          budget {budget.remaining}/{budget.limit} requests
          {budget.resetsAt ? ` (refills ${clockTime(budget.resetsAt)})` : ''}
        </div>
      )}
      {showLastError && (
        <div className="muted small last-error">
          last error <RelativeTime iso={source.lastError!.at} now={now} suffix=" ago" />: {source.lastError!.message}
        </div>
      )}
    </>
  );
}

/** "heartbeat OK (Watchdog)", or which heartbeat stopped and since when. */
export function HeartbeatLine({ health }: { health: SourceView['health'] }) {
  const hb = health.heartbeat;
  if (!hb) return null;
  return (
    <div className="small heartbeat" data-testid="heartbeat">
      {hb.stopped.map((s) => (
        <div key={s.name} className="heartbeat-stopped">
          heartbeat {s.name} stopped at {clockTime(s.since)}
        </div>
      ))}
      {hb.ok.length > 0 && <div className="muted">heartbeat OK ({hb.ok.join(', ')})</div>}
    </div>
  );
}

/** Authentication and extras in words; secrets only as set / not set. */
function accessSummary(s: SourceView): string {
  const every = `every ${s.intervalSeconds} s`;
  if (s.kind === 'demo') return 'replays the demo scenario';
  if (s.kind === 'pagerduty') {
    const from = s.fromEmail ? `, acts as ${s.fromEmail}` : '';
    return `token ${s.secrets.token.set ? 'set' : 'not set'}${from} · ${every}`;
  }
  const parts = [
    s.basicAuthUser !== null
      ? `basic auth as ${s.basicAuthUser}, password ${s.secrets.basicAuthPassword.set ? 'set' : 'not set'}`
      : s.secrets.bearerToken.set
        ? 'bearer token set'
        : 'no authentication',
  ];
  const headers = Object.keys(s.headers);
  if (headers.length) parts.push(`headers ${headers.join(', ')}`);
  if (s.caPem) parts.push('own CA');
  if (s.members.length) {
    parts.push(`${s.members.length + 1} ${s.kind === 'alertmanager' ? 'cluster members' : 'replicas'}`);
  }
  if (s.kind === 'alertmanager' && s.shareAcks) parts.push('acks shared as silences');
  parts.push(every);
  return parts.join(' · ');
}
