import { useEffect, useState } from 'react';
import { formatDuration } from '../../../shared/classify/duration';
import type { CoverageView } from '../../../shared/ipc/runbookContract';
import { isSafeHref } from '../../../shared/runbooks/parseInline';
import type { VigilClient } from '../../api/vigilClient';
import { useClient } from '../../api/ClientContext';
import { useRunbookStore } from '../../store/runbookSlice';
import { useRunbookSync } from './useRunbookSync';

function loadLibrary(client: VigilClient) {
  return client
    .request('runbooks:list', {})
    .then((l) => useRunbookStore.getState().setLibrary(l))
    .catch((err: Error) => useRunbookStore.getState().setCoverage({ coverageError: err.message }));
}

function loadCoverage(client: VigilClient) {
  const store = useRunbookStore.getState();
  if (store.coverageLoading) return;
  store.setCoverage({ coverageLoading: true, coverageError: null });
  client
    .request('runbooks:coverage', {})
    .then((coverage) => useRunbookStore.getState().setCoverage({ coverage, coverageLoading: false }))
    .catch((err: Error) =>
      useRunbookStore.getState().setCoverage({ coverageError: err.message, coverageLoading: false }),
    );
}

/** Every runbook Vigil knows, the files it could not use and why, the user folder, and coverage. */
export function RunbooksPanel() {
  const client = useClient();
  const library = useRunbookStore((s) => s.library);
  useRunbookSync(client, null);
  useEffect(() => {
    void loadLibrary(client);
    loadCoverage(client);
  }, [client]);

  return (
    <main className="runbooks-panel" aria-label="Runbooks">
      <div className="panel-head">
        <h1>Runbooks</h1>
        <span className="muted small">Format: docs/runbooks.md · Esc returns to the incidents</span>
      </div>
      <FolderForm />
      {!library ? (
        <p className="muted">Loading the library…</p>
      ) : (
        <>
          {library.failures.length > 0 && (
            <section className="rb-failures" aria-label="Runbook files with problems">
              <h2>Files with problems ({library.failures.length})</h2>
              <p className="small muted">These files are not used; every other runbook works as usual.</p>
              <ul>
                {library.failures.map((f) => (
                  <li key={f.path} data-testid="runbook-failure">
                    <code>{f.path}</code>
                    <ul>
                      {f.problems.map((p, i) => (
                        <li key={i} className="result-error small">
                          line {p.line}: {p.message}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Coverage />
          <section aria-label="Runbook library">
            <h2>Library ({library.entries.length})</h2>
            <table className="sources-table rb-library">
              <thead>
                <tr>
                  <th>Runbook</th>
                  <th>Matches alerts with</th>
                  <th>Steps</th>
                  <th>From</th>
                </tr>
              </thead>
              <tbody>
                {library.entries.map((e) => (
                  <tr key={e.id} data-testid="runbook-entry">
                    <td>
                      <div>{e.title}</div>
                      <div className="muted small">
                        {e.id} · {e.owner}
                        {e.severity ? ` · ${e.severity}` : ''}
                      </div>
                    </td>
                    <td>
                      {e.match.map((m) => (
                        <div key={m}>
                          <code>{m}</code>
                        </div>
                      ))}
                    </td>
                    <td className="num nowrap">
                      {e.stepCount}
                      {e.timeboxMs !== null && <span className="muted small"> · {formatDuration(e.timeboxMs)}</span>}
                    </td>
                    <td className="small">
                      {e.origin === 'user' ? 'your folder' : 'shipped'}
                      {library.overridden.some((o) => o.id === e.id) && (
                        <span className="muted"> (replaces the shipped one)</span>
                      )}
                      <div className="muted rb-path" title={e.path}>
                        {e.path.split(/[\\/]/).pop()}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}

function FolderForm() {
  const client = useClient();
  const library = useRunbookStore((s) => s.library);
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = folder ?? library?.userFolder ?? '';
  const set = (next: string | null) => {
    setError(null);
    client
      .request('runbooks:set-folder', { folder: next })
      .then((l) => {
        useRunbookStore.getState().setLibrary(l);
        setFolder(null);
      })
      .catch((err: Error) => setError(err.message));
  };
  return (
    <section className="rb-folder" aria-label="Your runbook folder">
      <h2>Your runbook folder</h2>
      <p className="small muted">
        Markdown files in this folder are added to the shipped runbooks (one with the same id replaces the shipped one).
        The folder is watched: saving a file there updates Vigil within a second.
      </p>
      <form
        className="rb-folder-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) set(value.trim());
        }}
      >
        <input
          value={value}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="/home/you/runbooks"
          aria-label="Runbook folder (full path)"
          spellCheck={false}
        />
        <button type="submit" className="primary" disabled={!value.trim()}>
          Use this folder
        </button>
        {library?.userFolder && (
          <button type="button" onClick={() => set(null)}>
            Shipped runbooks only
          </button>
        )}
      </form>
      {library?.folderProblem && (
        <p className="result-error small">The folder cannot be read: {library.folderProblem}</p>
      )}
      {error && (
        <p className="result-error small" role="alert">
          {error}
        </p>
      )}
      {library && (
        <p className="small muted">
          Shipped runbooks: <code>{library.shippedFolder}</code>
        </p>
      )}
    </section>
  );
}

function Coverage() {
  const client = useClient();
  const coverage = useRunbookStore((s) => s.coverage);
  const error = useRunbookStore((s) => s.coverageError);
  const loading = useRunbookStore((s) => s.coverageLoading);
  return (
    <section className="rb-coverage" aria-label="Runbook coverage">
      <div className="rb-section-head">
        <h2>Coverage of your Prometheus alerting rules</h2>
        <button type="button" className="small-button" disabled={loading} onClick={() => loadCoverage(client)}>
          {loading ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {error && <p className="result-error small">{error}</p>}
      {coverage && coverage.sources.length === 0 && (
        <p className="muted">
          No Prometheus source is configured: add one in Sources to see which of its alerts have a runbook.
        </p>
      )}
      {coverage?.sources.map((s) => (
        <CoverageSource key={s.sourceId} source={s} />
      ))}
    </section>
  );
}

function CoverageSource({ source }: { source: CoverageView['sources'][number] }) {
  const covered = source.rules.filter((r) => r.runbooks.length > 0).length;
  return (
    <div className="rb-coverage-source" data-testid="coverage-source">
      <h3>
        {source.name} <span className="muted small">{source.url}</span>
      </h3>
      {source.error ? (
        <p className="result-error small">{source.error}</p>
      ) : (
        <>
          <p className="small" data-testid="coverage-summary">
            {covered} of {source.rules.length} alerting rule{source.rules.length === 1 ? '' : 's'} have a runbook.
          </p>
          <table className="sources-table rb-coverage-table">
            <thead>
              <tr>
                <th>Alerting rule</th>
                <th>State</th>
                <th>Runbook</th>
              </tr>
            </thead>
            <tbody>
              {source.rules.map((r) => (
                <tr
                  key={`${r.group}/${r.name}`}
                  data-testid="coverage-rule"
                  data-covered={r.runbooks.length > 0}
                  className={r.runbooks.length ? undefined : 'rb-uncovered'}
                >
                  <td>
                    <div>{r.name}</div>
                    <div className="muted small">group {r.group}</div>
                  </td>
                  <td className="small">{r.state}</td>
                  <td className="small">
                    {r.runbooks.length ? (
                      <>
                        {r.runbooks.map((b) => b.title).join(', ')}
                        {r.matchedBy === 'alerts' && <span className="muted"> (by its firing alerts' labels)</span>}
                      </>
                    ) : (
                      <strong>no runbook</strong>
                    )}
                    {r.runbookUrl && (
                      <div className="muted">
                        runbook_url:{' '}
                        {isSafeHref(r.runbookUrl) ? (
                          <a href={r.runbookUrl} target="_blank" rel="noopener noreferrer">
                            {r.runbookUrl}
                          </a>
                        ) : (
                          r.runbookUrl
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
