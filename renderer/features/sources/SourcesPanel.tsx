import { useClient } from '../../api/ClientContext';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../components/useNow';
import { useAppStore } from '../../store/appSlice';
import { useSourcesStore } from '../../store/sourcesSlice';
import { AddPrometheusForm } from './AddPrometheusForm';

/** Every configured source with its health, plus adding and removing sources and the demo. */
export function SourcesPanel() {
  const client = useClient();
  const sources = useSourcesStore((s) => s.sources);
  const info = useAppStore((s) => s.info);
  const now = useNow(5_000);

  const refresh = async () => {
    useSourcesStore.getState().setSources(await client.request('sources:list', {}));
    useAppStore.getState().setInfo(await client.request('app:info', {}));
  };
  const act = (fn: () => Promise<unknown>) => () =>
    fn()
      .then(refresh)
      .catch((err: Error) => useAppStore.getState().setError(err.message));

  return (
    <main className="sources-panel">
      <h1>Sources</h1>
      <table className="sources-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Where</th>
            <th>Health</th>
            <th>Last answer</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td className="muted">{s.url}</td>
              <td>
                <span className={`health-dot health-${s.health.status}`}>{s.health.status}</span>
                {s.health.message && <div className="muted">{s.health.message}</div>}
              </td>
              <td>
                {s.health.lastSuccessAt ? (
                  <RelativeTime iso={s.health.lastSuccessAt} now={now} suffix=" ago" />
                ) : (
                  'never'
                )}
              </td>
              <td>
                {s.kind === 'demo' ? (
                  <button type="button" onClick={act(() => client.request('demo:stop', {}))}>
                    Stop demo
                  </button>
                ) : (
                  <button type="button" onClick={act(() => client.request('sources:remove', { id: s.id }))}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!info?.demoRunning && (
        <p>
          <button type="button" onClick={act(() => client.request('demo:start', {}))}>
            Start the demo
          </button>
        </p>
      )}
      {info?.demoRunning && (
        <p>
          <button type="button" onClick={act(() => client.request('demo:start', {}))}>
            Replay the demo from the start
          </button>
        </p>
      )}
      <h2>Add a Prometheus source</h2>
      <AddPrometheusForm onAdded={refresh} />
    </main>
  );
}
