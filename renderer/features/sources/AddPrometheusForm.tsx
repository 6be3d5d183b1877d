import { useState, type FormEvent } from 'react';
import { useClient } from '../../api/ClientContext';
import { useSourcesStore } from '../../store/sourcesSlice';
import { useAppStore } from '../../store/appSlice';

/** Add a Prometheus source, with a "test connection" that says exactly what is wrong. */
export function AddPrometheusForm({ onAdded }: { onAdded?: () => void }) {
  const client = useClient();
  const [name, setName] = useState('Prometheus');
  const [url, setUrl] = useState('http://127.0.0.1:9090');
  const [interval, setIntervalSec] = useState(15);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const input = () => ({ kind: 'prometheus' as const, name, url, intervalSeconds: interval });

  const test = async () => {
    setBusy(true);
    try {
      setResult(await client.request('sources:test', { kind: 'prometheus', url }));
    } catch (err) {
      setResult({ ok: false, message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await client.request('sources:add', input());
      useSourcesStore.getState().setSources(await client.request('sources:list', {}));
      useAppStore.getState().setInfo(await client.request('app:info', {}));
      setResult(null);
      onAdded?.();
    } catch (err) {
      setResult({ ok: false, message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="source-form" onSubmit={add} aria-label="Add a Prometheus source">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      </label>
      <label>
        Prometheus URL
        <input value={url} onChange={(e) => setUrl(e.target.value)} type="url" required spellCheck={false} />
      </label>
      <label>
        Poll every (seconds)
        <input
          value={interval}
          onChange={(e) => setIntervalSec(Number(e.target.value))}
          type="number"
          min={2}
          max={3600}
          required
        />
      </label>
      <div className="form-actions">
        <button type="button" onClick={test} disabled={busy}>
          Test connection
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Add source
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'result-ok' : 'result-error'} role="status" data-testid="source-test-result">
          {result.message}
        </p>
      )}
    </form>
  );
}
