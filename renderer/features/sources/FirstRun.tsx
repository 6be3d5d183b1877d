import { useState } from 'react';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { SourceForm } from './SourceForm';

/** First start: nothing is configured yet. Add a source, or watch the demo incident unfold. */
export function FirstRun() {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const startDemo = async () => {
    try {
      await client.request('demo:start', {});
      useAppStore.getState().setInfo(await client.request('app:info', {}));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <main className="first-run">
      <h1>Welcome to Vigil</h1>
      <p className="lead">
        Vigil watches your Prometheus, Alertmanager and PagerDuty alerts, ranks them P0 to P3 with the severity matrix,
        groups them into incidents and raises a desktop notification for every page.
      </p>
      <div className="first-run-choices">
        <section className="card">
          <h2>Watch a source</h2>
          <SourceForm />
        </section>
        <section className="card">
          <h2>Try the demo</h2>
          <p>
            Replays an ML serving incident through the same pipeline: fraud-model latency climbs after a deploy, then
            requests start failing. Takes about four minutes; nothing leaves this machine.
          </p>
          <button type="button" className="primary" onClick={startDemo}>
            Start the demo
          </button>
          {error && <p className="result-error">{error}</p>}
        </section>
      </div>
    </main>
  );
}
