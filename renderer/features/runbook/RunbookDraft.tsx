import { useRef, useState } from 'react';
import type { RunbookDraftView } from '../../../shared/ipc/runbookContract';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { useRunbookStore } from '../../store/runbookSlice';

/**
 * A runbook file drafted from the alert, to finish and keep: edit it here, then save it into the
 * user folder (where the watcher picks it up) or copy it elsewhere. Saving never overwrites a file.
 */
export function RunbookDraft({ incidentId, draft }: { incidentId: string; draft: RunbookDraftView }) {
  const client = useClient();
  const [text, setText] = useState(draft.markdown);
  const [fileName, setFileName] = useState(draft.fileName);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The folder may be chosen while the draft is open: follow the library, not the draft's snapshot.
  const userFolder = useRunbookStore((s) => s.library?.userFolder ?? draft.userFolder);
  const [copied, setCopied] = useState<'no' | 'yes' | 'selected'>('no');
  const area = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // The clipboard can be refused (no permission, page not focused): select it for Ctrl-C instead.
      area.current?.focus();
      area.current?.select();
      setCopied('selected');
    }
  };
  const close = () => useRunbookStore.getState().setDraft(incidentId, null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const r = await client.request('runbook:save-draft', { fileName, markdown: text });
      // The saved runbook now matches the alert and takes this draft's place in the section.
      const store = useRunbookStore.getState();
      store.setLibrary(r.library);
      store.setSavedDraft(incidentId, r.path);
      store.setDraft(incidentId, null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="rb-draft" data-testid="runbook-draft">
      <p className="small muted">
        A starting point drafted from the alert {draft.alertname}: turn the placeholder steps into what you would do,
        then save it. Format: docs/runbooks.md.
      </p>
      <label className="rb-draft-text">
        <span className="visually-hidden">Runbook Markdown</span>
        <textarea ref={area} value={text} onChange={(e) => setText(e.target.value)} rows={14} spellCheck={false} />
      </label>
      <div className="rb-draft-actions">
        {userFolder ? (
          <>
            <label className="rb-draft-name">
              <span className="small muted">Save in {userFolder} as</span>
              <input value={fileName} onChange={(e) => setFileName(e.target.value)} aria-label="File name" />
            </label>
            <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
              Save runbook
            </button>
          </>
        ) : (
          <span className="small">
            To save it from here, choose a runbook folder in{' '}
            <button type="button" className="link-button" onClick={() => useAppStore.getState().setView('runbooks')}>
              Runbooks
            </button>
            .
          </span>
        )}
        <button type="button" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
      {copied === 'selected' && (
        <p className="small muted" role="status">
          The clipboard is not available here: the text is selected, press Ctrl-C (⌘-C) to copy it.
        </p>
      )}
      {error && (
        <p className="result-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
