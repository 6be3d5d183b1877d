import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { Incident } from '../../../shared/domain/incident';
import { SEVERITIES, severityRank, type Severity } from '../../../shared/domain/severity';
import { useClient } from '../../api/ClientContext';
import { SeverityBadge } from '../../components/SeverityBadge';
import type { SilencePreview } from '../../../shared/ipc/workspaceContract';
import { useWorkspaceStore, type WorkspaceDialog as DialogKind } from '../../store/workspaceSlice';
import { declareIncident, escalateIncident, silenceIncident } from './workspaceActions';

const DURATIONS: [number, string][] = [
  [15, '15 minutes'],
  [30, '30 minutes'],
  [60, '1 hour'],
  [120, '2 hours'],
  [240, '4 hours'],
  [480, '8 hours'],
  [1440, '24 hours'],
];

const TITLE: Record<DialogKind, string> = {
  silence: 'Silence in Alertmanager',
  escalate: 'Escalate severity',
  declare: 'Declare an incident',
  undeclare: 'Undeclare: not an incident',
};

/** The forms behind Silence, Escalate and Declare: modal, keyboard-first, and they keep what was typed when a call fails. */
export function WorkspaceDialog({ incident }: { incident: Incident }) {
  const dialog = useWorkspaceStore((s) => s.dialog);
  if (!dialog || dialog.incidentId !== incident.id) return null;
  // Outside the app's root, so the page behind can be made inert while the form is open.
  return createPortal(<DialogFrame kind={dialog.kind} incident={incident} />, document.body);
}

function DialogFrame({ kind, incident }: { kind: DialogKind; incident: Incident }) {
  const close = useWorkspaceStore((s) => s.closeDialog);
  const returnFocus = useRef<Element | null>(null);
  useEffect(() => {
    returnFocus.current = document.activeElement;
    // A modal in fact, not only in name: the page behind takes no clicks, focus or screen reader.
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    return () => {
      app?.removeAttribute('inert');
      (returnFocus.current as HTMLElement | null)?.focus?.();
    };
  }, []);
  const titleId = `dialog-${kind}-title`;
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        className="palette dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {TITLE[kind]}: <span className="dialog-subject">{incident.title}</span>
        </h2>
        {kind === 'silence' && <SilenceForm incident={incident} onDone={close} />}
        {kind === 'escalate' && <EscalateForm incident={incident} onDone={close} />}
        {(kind === 'declare' || kind === 'undeclare') && (
          <DeclareForm incident={incident} declared={kind === 'declare'} onDone={close} />
        )}
      </div>
    </div>
  );
}

/** A form that submits with its button or Ctrl/Cmd-Enter, shows the failure and keeps its fields. */
function DialogForm({
  label,
  submit,
  busyLabel,
  onSubmit,
  onDone,
  children,
}: {
  label: string;
  submit: string;
  busyLabel: string;
  onSubmit(): Promise<string | null>;
  onDone(): void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const failure = await onSubmit();
    setBusy(false);
    if (failure) setError(failure);
    else onDone();
  };
  return (
    <form
      className="dialog-form"
      aria-label={label}
      onSubmit={run}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
      }}
    >
      {children}
      {error && (
        <p className="result-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onDone}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyLabel : submit}
        </button>
      </div>
    </form>
  );
}

type PreviewState =
  { status: 'loading' } | { status: 'ok'; value: SilencePreview } | { status: 'error'; message: string };

/**
 * Silence, scoped and previewed: Alertmanager itself lists every alert the silence would match
 * before it is set; alerts outside the incident need a tick, and a first silence asks the name
 * it will be signed with (a shared Alertmanager shows whose silence it is).
 */
function SilenceForm({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const client = useClient();
  const [minutes, setMinutes] = useState(60);
  const [comment, setComment] = useState('');
  const [name, setName] = useState('');
  const [outsideOk, setOutsideOk] = useState(false);
  const [preview, setPreview] = useState<PreviewState>({ status: 'loading' });
  // Bumped to ask again: after a refusal, what the silence would match may have changed.
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    client
      .request('incident:silence-preview', { id: incident.id })
      .then((value) => live && setPreview({ status: 'ok', value }))
      .catch((err: Error) => live && setPreview({ status: 'error', message: err.message }));
    return () => {
      live = false;
    };
  }, [client, incident.id, asked]);
  const p = preview.status === 'ok' ? preview.value : null;
  const submit = (): Promise<string | null> => {
    if (!p)
      return Promise.resolve(
        preview.status === 'error' ? preview.message : 'Wait for the preview of what the silence would match.',
      );
    if (p.needsName && !name.trim())
      return Promise.resolve('Give your name: the silence carries it, so others see whose silence it is.');
    if (p.outside > 0 && !outsideOk)
      return Promise.resolve(
        `Tick the box to silence the ${p.outside} alert${p.outside === 1 ? '' : 's'} outside this incident too, or cancel.`,
      );
    if (!comment.trim())
      return Promise.resolve('Say why in the comment: Alertmanager requires one, and the next person will want it.');
    return silenceIncident(client, incident.id, minutes, comment.trim(), {
      name: p.needsName ? name.trim() : undefined,
      allowOutside: p.outside,
    }).then((failure) => {
      // Refused because more alerts match now than were shown: show them, and ask for the tick again.
      if (failure && /outside this incident/.test(failure)) {
        setOutsideOk(false);
        setAsked((n) => n + 1);
      }
      return failure;
    });
  };
  return (
    <DialogForm label="Silence" submit="Silence" busyLabel="Silencing…" onDone={onDone} onSubmit={submit}>
      <SilencePreviewView state={preview} />
      {p?.needsName && (
        <label className="field">
          <span>Your name</span>
          <input
            value={name}
            maxLength={80}
            aria-required="true"
            autoComplete="name"
            placeholder="Shown as the silence's author, and on the timeline"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      )}
      <label className="field">
        <span>For</span>
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} autoFocus>
          {DURATIONS.map(([m, text]) => (
            <option key={m} value={m}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Comment</span>
        <textarea
          value={comment}
          rows={2}
          aria-required="true"
          placeholder="Why: rolling back v2.4.1, known issue INC-123…"
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      {p && p.outside > 0 && (
        <label className="silence-confirm">
          <input type="checkbox" checked={outsideOk} onChange={(e) => setOutsideOk(e.target.checked)} />
          Also silence the {p.outside} alert{p.outside === 1 ? '' : 's'} outside this incident listed above
        </label>
      )}
    </DialogForm>
  );
}

/** What the silence would match, as Alertmanager answered: its matchers, then every alert, outside ones first. */
function SilencePreviewView({ state }: { state: PreviewState }) {
  if (state.status === 'loading')
    return <p className="muted small">Asking Alertmanager which alerts this silence would match…</p>;
  if (state.status === 'error')
    return (
      <p className="result-error" role="alert">
        {state.message}
      </p>
    );
  const p = state.value;
  return (
    <section className="silence-preview" aria-label="What the silence would match" data-testid="silence-preview">
      <p className="small">
        Matchers: <code>{p.matchers.join(', ')}</code>
        {!p.needsName && <span className="muted"> · signed {p.createdBy}</span>}
      </p>
      {p.targets.map((t) => (
        <div key={t.sourceId}>
          {t.error ? (
            <p className="result-error">{t.error}</p>
          ) : (
            <>
              <p className="small">
                {t.total} alert{t.total === 1 ? '' : 's'} in {t.sourceName}
                {t.outside > 0 && <strong className="silence-outside"> · {t.outside} outside this incident</strong>}
              </p>
              <ul className="silence-alerts">
                {t.alerts.map((a) => (
                  <li key={a.fingerprint} data-outside={!a.inIncident || undefined}>
                    <span className={a.inIncident ? 'muted' : 'silence-outside'}>
                      {a.inIncident ? 'this incident' : 'outside'}
                    </span>{' '}
                    <code>{labelText(a.labels)}</code>
                  </li>
                ))}
                {t.total > t.alerts.length && <li className="muted">and {t.total - t.alerts.length} more</li>}
              </ul>
            </>
          )}
        </div>
      ))}
    </section>
  );
}

function labelText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map((k) => `${k}="${labels[k]}"`)
    .join(', ');
}

function EscalateForm({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const client = useClient();
  const higher = SEVERITIES.filter((s) => severityRank(s) < severityRank(incident.severity));
  const [to, setTo] = useState<Severity | null>(higher.at(-1) ?? null);
  const [reason, setReason] = useState('');
  if (!higher.length) {
    return (
      <div className="dialog-form">
        <p>It is already P0, the most severe level.</p>
        <div className="dialog-buttons">
          <button type="button" onClick={onDone} autoFocus>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    );
  }
  return (
    <DialogForm
      label="Escalate"
      submit={to ? `Escalate to ${to}` : 'Escalate'}
      busyLabel="Escalating…"
      onDone={onDone}
      onSubmit={() =>
        to && reason.trim()
          ? escalateIncident(client, incident.id, to, reason.trim())
          : Promise.resolve('Say why: the reason goes on the timeline and into the post-mortem.')
      }
    >
      <fieldset className="field severity-choice">
        <legend>
          From <SeverityBadge severity={incident.severity} /> to
        </legend>
        {higher.map((s, i) => (
          <label key={s} className="radio">
            <input
              type="radio"
              name="escalate-to"
              value={s}
              checked={to === s}
              onChange={() => setTo(s)}
              autoFocus={i === higher.length - 1}
            />
            <SeverityBadge severity={s} />
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Reason</span>
        <textarea
          value={reason}
          rows={2}
          aria-required="true"
          placeholder="What makes it worse than the rules say: VIP customers, checkout affected…"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
    </DialogForm>
  );
}

function DeclareForm({ incident, declared, onDone }: { incident: Incident; declared: boolean; onDone(): void }) {
  const client = useClient();
  const [reason, setReason] = useState('');
  return (
    <DialogForm
      label={declared ? 'Declare' : 'Undeclare'}
      submit={declared ? `Declare a ${incident.severity} incident` : 'Undeclare'}
      busyLabel="Saving…"
      onDone={onDone}
      onSubmit={() => declareIncident(client, incident.id, declared, reason)}
    >
      <p className="muted small">
        {declared
          ? `${incident.severity} is a judgment call: declare it when the business context makes it one.`
          : 'Take the declaration back: the alert and its history stay.'}
      </p>
      <label className="field">
        <span>Reason (optional)</span>
        <textarea value={reason} rows={2} onChange={(e) => setReason(e.target.value)} autoFocus />
      </label>
    </DialogForm>
  );
}
