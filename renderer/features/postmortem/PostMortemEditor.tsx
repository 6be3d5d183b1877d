import { useEffect, useRef, useState } from 'react';
import { POSTMORTEM_MAX_CHARS, type PostMortemFileView } from '../../../shared/ipc/postmortemContract';
import { PostMortemStatus } from '../../../shared/postmortem/postMortemModel';
import { useClient } from '../../api/ClientContext';
import { SeverityBadge } from '../../components/SeverityBadge';
import { findIncident, useIncidentsStore } from '../../store/incidentsSlice';
import { usePostMortemStore } from '../../store/postmortemSlice';
import { analyzeMarkdown, type MarkdownAnalysis } from './analyzeMarkdown';
import { createAutosave, type AutosaveState } from './autosave';
import { exportPostMortem, type ExportFormat } from './exportPostMortem';
import { copyToClipboard, downloadFile } from '../../components/fileDownload';
import { createMarkdownEditor, type MarkdownEditor } from './markdownEditor';
import { closePostMortem } from './postmortemActions';
import { STATUS_LABEL, withStatus } from './postMortemStatus';

/** A change is on disk at most this long after it is typed (and at once on blur, Esc, Ctrl-S). */
export const AUTOSAVE_MS = 2_000;
const RETRY_MS = 5_000;

/** The post-mortem of one incident, taking over the centre pane until Esc. */
export function PostMortemEditor({ incidentId }: { incidentId: string }) {
  const client = useClient();
  const [file, setFile] = useState<PostMortemFileView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    client
      .request('postmortem:open', { incidentId })
      .then((f) => live && setFile(f))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [client, incidentId, attempt]);

  if (!file) {
    return (
      <div className="pm-editor pm-loading" role="status">
        {error ? (
          <p className="result-error">
            Could not open the post-mortem: {error}{' '}
            <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </p>
        ) : (
          <p className="muted">Opening the post-mortem…</p>
        )}
      </div>
    );
  }
  return <LoadedEditor file={file} />;
}

function LoadedEditor({ file }: { file: PostMortemFileView }) {
  const client = useClient();
  const incident = useIncidentsStore((s) => findIncident(s.ordered, file.incidentId));
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MarkdownEditor | null>(null);
  const [analysis, setAnalysis] = useState<MarkdownAnalysis>(() => analyzeMarkdown(file.markdown));
  const [save, setSave] = useState<AutosaveState>({ dirty: false, saving: false, error: null, savedAt: file.savedAt });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [copyFallback, setCopyFallback] = useState<string | null>(null);
  const lastSavedAt = useRef<string | null>(file.savedAt);

  useEffect(() => {
    const incidentId = file.incidentId;
    const autosave = createAutosave(file.markdown, {
      intervalMs: AUTOSAVE_MS,
      retryMs: RETRY_MS,
      save: async (markdown) => {
        if (markdown.length > POSTMORTEM_MAX_CHARS) {
          throw new Error(
            `the text has ${markdown.length.toLocaleString()} characters and Vigil saves at most ${POSTMORTEM_MAX_CHARS.toLocaleString()}: move long logs out and link them`,
          );
        }
        const r = await client.request('postmortem:save', { incidentId, markdown });
        lastSavedAt.current = r.savedAt;
        return r.savedAt;
      },
      onState: setSave,
    });
    const editor = createMarkdownEditor({
      host: hostRef.current!,
      doc: file.markdown,
      label: 'Post-mortem (Markdown)',
      analyze: analyzeMarkdown,
      onAnalysis: setAnalysis,
      onChange: (text) => autosave.changed(text),
      onBlur: () => void autosave.flush(),
      onSave: () => void autosave.flush(),
      onEscape: () => void closePostMortem(),
    });
    editorRef.current = editor;
    usePostMortemStore.getState().setFlush(() => autosave.flush());
    // Closing the window or tab, or switching away: save now rather than at the next tick.
    const onHide = () => void autosave.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    // Back from a lost connection: save what was typed meanwhile without waiting for the retry.
    const offConnection = client.onConnection((s) => s.status === 'open' && void autosave.flush());
    // Start where the writing starts, not in the front matter's data.
    const summary = file.markdown.split('\n').findIndex((l) => /^##\s+Summary\s*$/.test(l));
    if (summary >= 0) editor.goToLine(summary + 2);
    else editor.focus();
    return () => {
      void autosave.flush();
      autosave.dispose();
      offConnection();
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      usePostMortemStore.getState().setFlush(null);
      editorRef.current = null;
      editor.destroy();
    };
  }, [client, file]);

  const editor = () => editorRef.current;
  const runExport = (format: ExportFormat) => {
    const e = editor();
    if (!e) return;
    const result = exportPostMortem(e.text(), format, lastSavedAt.current);
    if (!result.ok) return setMessage({ text: result.problem, error: true });
    downloadFile(result.fileName, result.content, result.mime);
    setMessage({ text: `Exported ${result.fileName} (see your downloads).`, error: false });
  };
  const copy = async () => {
    const e = editor();
    if (!e) return;
    const result = exportPostMortem(e.text(), 'markdown', lastSavedAt.current);
    if (!result.ok) return setMessage({ text: result.problem, error: true });
    if (await copyToClipboard(result.content)) {
      setCopyFallback(null);
      setMessage({ text: 'Copied as Markdown.', error: false });
    } else {
      setMessage(null);
      setCopyFallback(result.content);
    }
  };
  const setStatus = (status: PostMortemStatus) => {
    const e = editor();
    if (!e) return;
    const next = withStatus(e.text(), status);
    if (next === null) {
      return setMessage({
        text: 'The front matter has no "status:" line: add "status: draft" between the --- lines.',
        error: true,
      });
    }
    e.replaceText(next);
    setMessage(null);
  };

  const errors = analysis.problems.filter((p) => p.severity === 'error');
  const title = incident?.title ?? analysis.title ?? file.incidentId;
  return (
    <div className="pm-editor" aria-label={`Post-mortem of ${title}`} role="region">
      <header className="pm-head">
        {incident && <SeverityBadge severity={incident.severity} />}
        <h1>Post-mortem: {title}</h1>
        <label className="pm-status">
          <span className="visually-hidden">Status</span>
          <select
            aria-label="Status"
            value={analysis.status ?? ''}
            onChange={(e) => setStatus(PostMortemStatus.parse(e.target.value))}
          >
            {analysis.status === null && <option value="">status?</option>}
            {PostMortemStatus.options.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <SaveIndicator state={save} />
      </header>
      <div className="pm-toolbar" role="toolbar" aria-label="Post-mortem actions">
        <button
          type="button"
          onClick={() => runExport('markdown')}
          title="Download the Markdown file with its front matter"
        >
          Export Markdown
        </button>
        <button type="button" onClick={() => runExport('json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => void copy()}>
          Copy as Markdown
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => closePostMortem()} title="Back to the incident; the text is saved">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      {file.drafted && (
        <p className="pm-note small">
          Drafted from the timeline: milestones and starred entries are in Timeline, the response times in Metrics, and
          what Vigil noticed under Suggestions. Nothing needs a network: it saves as you type.
        </p>
      )}
      {file.notes.map((n) => (
        <p key={n} className="pm-note small">
          {n}
        </p>
      ))}
      {message && <p className={`small ${message.error ? 'result-error' : 'result-ok'}`}>{message.text}</p>}
      {copyFallback !== null && <CopyFallback text={copyFallback} onClose={() => setCopyFallback(null)} />}
      <div className="pm-body">
        <div className="pm-editor-host" ref={hostRef} data-testid="postmortem-editor" />
        <aside className="pm-side" aria-label="Problems and blameless hints">
          <section>
            <h2>
              Problems <span className="num">{errors.length}</span>
            </h2>
            {analysis.problems.length === 0 ? (
              <p className="muted small">It reads as a post-mortem.</p>
            ) : (
              <ul className="pm-list">
                {analysis.problems.map((p, i) => (
                  <li key={i} className={p.severity === 'error' ? 'pm-error' : 'pm-warning'} data-testid="pm-problem">
                    <button type="button" className="link-button num" onClick={() => editor()?.goToLine(p.line)}>
                      line {p.line}
                    </button>{' '}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h2>
              Blameless hints <span className="num">{analysis.hints.length}</span>
            </h2>
            <p className="muted small">
              Gentle flags, never blockers: people acted on what they could see; write about what let it happen.
            </p>
            <ul className="pm-list">
              {analysis.hints.map((h) => (
                <li key={`${h.start}-${h.rule}`} data-testid="pm-hint">
                  <button type="button" className="link-button" onClick={() => editor()?.select(h.start, h.end)}>
                    “{h.phrase}”
                  </button>
                  <p className="small">{h.why}</p>
                  <p className="small muted">Instead: {h.suggestion}</p>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}

function SaveIndicator({ state }: { state: AutosaveState }) {
  const at = state.savedAt ? new Date(state.savedAt).toLocaleTimeString() : null;
  const [text, cls] = state.error
    ? [`Not saved: ${state.error}. Your text stays here; retrying.`, 'pm-save-error']
    : state.saving
      ? ['Saving…', 'pm-save-busy']
      : state.dirty
        ? ['Unsaved changes', 'pm-save-busy']
        : [at ? `Saved ${at}` : 'Saved', 'pm-save-ok'];
  return (
    <span className={`pm-save small ${cls}`} role="status" data-testid="pm-save-state" data-dirty={state.dirty}>
      {text}
    </span>
  );
}

/** The clipboard was refused: the text, selected, for Ctrl-C. */
function CopyFallback({ text, onClose }: { text: string; onClose(): void }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <div className="pm-copy-fallback">
      <p className="small">
        Copying was not allowed here. The Markdown is selected below: press Ctrl-C (Cmd-C on a Mac).{' '}
        <button type="button" className="link-button" onClick={onClose}>
          Done
        </button>
      </p>
      <textarea
        ref={ref}
        readOnly
        value={text}
        aria-label="Post-mortem as Markdown"
        rows={6}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      />
    </div>
  );
}
