import { useEffect, useRef, useState } from 'react';
import { fillCommsTemplates, type CommsTemplate } from '../../../shared/comms/commsTemplates';
import type { Incident } from '../../../shared/domain/incident';
import { useClient } from '../../api/ClientContext';
import type { VigilClient } from '../../api/vigilClient';
import { useWorkspaceStore } from '../../store/workspaceSlice';
import { copyText } from './workspaceActions';

/** The default display name: no name at all, so the templates leave [name] to fill. */
const ANONYMOUS = 'you';
function displayNameOf(client: VigilClient): Promise<string | null> {
  return client
    .request('preferences:get', {})
    .then((p) => p.preferences.displayName)
    .catch(() => null);
}

/**
 * Seed 000's messages filled from the incident: the status-page lines and the Slack declaration.
 * Each is editable in place (the edit is kept while Vigil runs) and copied with one click.
 */
export function CommsSection({ incident }: { incident: Incident }) {
  const client = useClient();
  const [you, setYou] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void displayNameOf(client).then((n) => live && setYou(n));
    return () => {
      live = false;
    };
  }, [client]);
  const filled = fillCommsTemplates(incident, { you, now: Date.now(), anonymous: ANONYMOUS });
  return (
    <section className="detail-section comms" aria-labelledby="comms-h" id="comms">
      <h2 id="comms-h">Communication</h2>
      {filled.map((t) => (
        <CommsTemplateField key={t.id} incidentId={incident.id} template={t} text={t.text} blanks={t.blanks} />
      ))}
    </section>
  );
}

function CommsTemplateField({
  incidentId,
  template,
  text,
  blanks,
}: {
  incidentId: string;
  template: CommsTemplate;
  text: string;
  blanks: string[];
}) {
  const key = `${incidentId}|${template.id}`;
  const draft = useWorkspaceStore((s) => s.drafts[key]);
  const setDraft = useWorkspaceStore((s) => s.setDraft);
  const field = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'copied' | 'selected' | null>(null);
  const value = draft ?? text;
  const left = blanks.filter((b) => value.includes(b));
  const id = `comms-${template.id}`;
  return (
    <div className="comms-item" data-testid="comms-template" data-template={template.id}>
      <div className="comms-head">
        <label htmlFor={id}>{template.label}</label>
        {left.length > 0 && <span className="comms-blanks small">fill in {left.join(', ')}</span>}
        <span className="spacer" />
        {draft !== undefined && (
          <button type="button" className="link-button small" onClick={() => setDraft(key, null)}>
            Reset
          </button>
        )}
        <button
          type="button"
          className="copy-button"
          onClick={async () => {
            setCopied(await copyText(value, field.current));
            setTimeout(() => setCopied(null), 6000);
          }}
        >
          Copy<span className="visually-hidden"> {template.label}</span>
        </button>
      </div>
      <textarea id={id} ref={field} value={value} rows={2} spellCheck onChange={(e) => setDraft(key, e.target.value)} />
      <p className="comms-status small" role="status">
        {copied === 'copied' && 'Copied to the clipboard.'}
        {copied === 'selected' &&
          'Clipboard access was refused here: the text is selected, press Ctrl-C (⌘-C) to copy it.'}
      </p>
    </div>
  );
}
