import { useEffect, useState } from 'react';
import type { ClassificationOverrideView } from '../../../shared/ipc/classificationContract';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { RulePreview } from './RulePreview';

type Problem = ClassificationOverrideView['problems'][number];

const EXAMPLE = `# An example, not in force: type your override here.
version: 1
# Only what differs from the shipped matrix (docs/classification.md):
rules:
  - id: team-errors-2pct
    severity: P0
    match: ['team="payments"']
    value: ratio                # compares only values its expression reads as a ratio or percentage
    about: 'error|fail|5\\.\\.'
    when: value > 0.02
    reason: "error ratio {value|pct} > 2% (payments policy)"
scope:
  ml:
    services: [fraud-model]     # services your team runs as ML models
`;

const IN_FORCE: Record<ClassificationOverrideView['inForce'], string> = {
  shipped: 'the shipped matrix (no override)',
  override: 'the shipped matrix with your override',
  'last-good': 'your last good override — the saved file has errors, see below',
};

/** The user's override of the severity matrix: validated before it applies, errors by line and column. */
export function SeverityMatrixEditor() {
  const client = useClient();
  const [view, setView] = useState<ClassificationOverrideView | null>(null);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    client
      .request('classification:override-get', {})
      .then((v) => {
        setView(v);
        setText(v.text);
        setProblems(v.problems);
      })
      .catch((err: Error) => setStatus(`Could not load the override: ${err.message}`));
  }, [client]);

  const apply = async () => {
    try {
      const r = await client.request('classification:override-set', { text });
      setView(r.view);
      setProblems(r.problems);
      setStatus(
        r.ok
          ? 'Applied: new alerts are classified with it from the next poll.'
          : 'Not applied: the rules in force did not change.',
      );
      if (r.ok) useAppStore.getState().setPolicies(await client.request('classification:policies', {}));
    } catch (err) {
      setStatus((err as Error).message);
    }
  };

  return (
    <fieldset className="matrix-editor">
      <legend>Severity matrix</legend>
      <p className="small">
        In force: <strong>{view ? IN_FORCE[view.inForce] : '…'}</strong>
        {view && <span className="muted"> · {view.path}</span>}
      </p>
      <textarea
        aria-label="Severity matrix override (YAML)"
        spellCheck={false}
        rows={12}
        value={text}
        placeholder={EXAMPLE}
        onChange={(e) => setText(e.target.value)}
      />
      {problems.length > 0 && (
        <ul className="problems" aria-label="Problems in the override">
          {problems.map((p, i) => (
            <li key={i} className="result-error">
              {p.file === 'base' ? 'shipped file, ' : ''}line {p.line ?? '?'}, column {p.column ?? '?'}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" onClick={apply}>
          Validate and apply
        </button>
        {status && <span role="status">{status}</span>}
      </div>
      <RulePreview />
    </fieldset>
  );
}
