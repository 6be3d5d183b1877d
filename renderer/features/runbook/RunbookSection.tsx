import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../../shared/classify/duration';
import type { Incident } from '../../../shared/domain/incident';
import type { IncidentRunbooksView, RunbookView, WalkthroughView } from '../../../shared/ipc/runbookContract';
import { isSafeHref } from '../../../shared/runbooks/parseInline';
import { useClient } from '../../api/ClientContext';
import { useNow } from '../../components/useNow';
import { useAppStore } from '../../store/appSlice';
import { shownWalkthrough, useRunbookStore } from '../../store/runbookSlice';
import { RunbookDraft } from './RunbookDraft';
import { describeTarget, loadRunbooks, previewRunbook, startRunbook, walkableSteps } from './runbookActions';
import { ReadingBlock } from './RunbookText';
import { StepCard } from './StepCard';
import { clockText } from './stepTiming';
import { useRunbookSync } from './useRunbookSync';

/**
 * The incident's runbook, below its evidence: which runbooks apply (and the alert's own
 * runbook_url), the walkthrough with each step's clock, and "no runbook for this alert" with a
 * way to create one. Everything in it comes from runbook files: text nodes, http(s) links only.
 */
export function RunbookSection({ incident }: { incident: Incident }) {
  const client = useClient();
  const view = useRunbookStore((s) => s.byIncident[incident.id]);
  const error = useRunbookStore((s) => s.errors[incident.id] ?? null);
  const savedDraft = useRunbookStore((s) => s.savedDrafts[incident.id] ?? null);
  const focusTick = useRunbookStore((s) => s.focusTick);
  const section = useRef<HTMLElement>(null);
  useRunbookSync(client, incident.id);

  // Reload when the incident's alerts change: a new alert may bring a runbook of its own.
  const signalKey = incident.signals.map((s) => s.id).join(',');
  useEffect(() => {
    void loadRunbooks(client, incident.id);
  }, [client, incident.id, signalKey]);

  useEffect(() => {
    if (focusTick === 0 || !section.current) return;
    section.current.scrollIntoView({ block: 'start' });
    const target = section.current.querySelector<HTMLElement>('[data-runbook-focus]') ?? section.current;
    target.focus({ preventScroll: true });
  }, [focusTick]);

  return (
    <section
      ref={section}
      className="detail-section runbook"
      aria-label="Runbook"
      tabIndex={-1}
      id="runbook-section"
      data-testid="runbook-section"
    >
      <div className="rb-section-head">
        <h2>Runbook</h2>
        <button type="button" className="link-button small" onClick={() => useAppStore.getState().setView('runbooks')}>
          All runbooks and coverage
        </button>
      </div>
      {error && (
        <p className="result-error rb-error" role="alert">
          {error}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => useRunbookStore.getState().setError(incident.id, null)}
          >
            dismiss
          </button>
        </p>
      )}
      {savedDraft && (
        <p className="result-ok small" role="status" data-testid="runbook-draft-saved">
          Saved to <code>{savedDraft}</code>: it is in the library now and links to this alert.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => useRunbookStore.getState().setSavedDraft(incident.id, null)}
          >
            dismiss
          </button>
        </p>
      )}
      {/* Still loading only while nothing went wrong: a failed load says so above instead. */}
      {view ? <RunbookBody view={view} /> : !error && <p className="muted">Looking for runbooks…</p>}
    </section>
  );
}

function RunbookBody({ view }: { view: IncidentRunbooksView }) {
  const client = useClient();
  const walkthrough = shownWalkthrough(view);
  const running = walkthrough !== null && walkthrough.state.current !== null;
  const now = useNow(running ? 1_000 : 15_000);
  const runbook = view.runbook;
  const busy = useRunbookStore((s) => s.busy[view.incidentId] ?? false);
  const [confirmSwitch, setConfirmSwitch] = useState(false);
  const walkingOther = view.walkthrough !== null && runbook !== null && view.walkthrough.runbookId !== runbook.id;

  return (
    <>
      {view.problem && <p className="rb-problem">{view.problem}</p>}
      <Links view={view} />
      {view.unmatched.map((u) => (
        <NoRunbook key={u.alertname} incidentId={view.incidentId} alertname={u.alertname} />
      ))}
      {view.matches.length > 1 && (
        <p className="rb-others small">
          <span className="muted">Also matching:</span>{' '}
          {view.matches
            .filter((m) => m.id !== runbook?.id)
            .map((m) => (
              <button
                key={m.id}
                type="button"
                className="link-button small"
                onClick={() => void previewRunbook(client, view.incidentId, m.id)}
              >
                {m.title}
              </button>
            ))}
        </p>
      )}
      {runbook && (
        <div className="rb-runbook" data-testid="runbook" data-runbook-id={runbook.id}>
          <RunbookHeader view={view} runbook={runbook} walkthrough={walkthrough} now={now} />
          {!walkthrough && (
            <div className="rb-start">
              {walkingOther && !confirmSwitch ? (
                <>
                  <button type="button" onClick={() => setConfirmSwitch(true)} data-runbook-focus="">
                    Switch to this runbook
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void previewRunbook(client, view.incidentId, undefined)}
                  >
                    Back to the one in progress
                  </button>
                </>
              ) : confirmSwitch ? (
                <span role="group" aria-label="Switch runbook?">
                  <span className="small">Switch? The earlier walkthrough stays on the timeline.</span>{' '}
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() =>
                      void startRunbook(client, view.incidentId, runbook.id, true).then(() => setConfirmSwitch(false))
                    }
                  >
                    Switch
                  </button>
                  <button type="button" onClick={() => setConfirmSwitch(false)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  data-runbook-focus=""
                  onClick={() => void startRunbook(client, view.incidentId, runbook.id)}
                >
                  Start walkthrough
                </button>
              )}
              <span className="muted small"> Each step, check and branch goes on the timeline.</span>
            </div>
          )}
          {walkthrough && walkthrough.notes.length > 0 && (
            <ul className="rb-notes small">
              {walkthrough.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {walkthrough && view.prometheusWhy && <p className="rb-prom-why small">{view.prometheusWhy}</p>}
          {!walkthrough && runbook.intro.length > 0 && (
            <div className="rb-intro">
              {runbook.intro
                .filter((b) => b.kind !== 'heading' || b.level > 1)
                .map((b, i) => (
                  <ReadingBlock key={i} block={b} />
                ))}
            </div>
          )}
          <ol className="rb-steps">
            {walkableSteps(runbook).map((step) => (
              <StepCard key={step.key} view={view} runbook={runbook} step={step} walkthrough={walkthrough} now={now} />
            ))}
          </ol>
          {walkthrough && walkthrough.suggestions.length > 0 && (
            <div className="rb-suggestions">
              <h3>Suggested post-mortem action items</h3>
              <ul>
                {walkthrough.suggestions.map((s) => (
                  <li key={`${s.kind}-${s.stepKey}`}>{s.text}</li>
                ))}
              </ul>
            </div>
          )}
          {runbook.notes.map((note) => (
            <details key={note.line} className="rb-note">
              <summary>{note.title}</summary>
              {note.blocks.map((b, i) => (
                <ReadingBlock key={i} block={b} />
              ))}
            </details>
          ))}
        </div>
      )}
    </>
  );
}

function RunbookHeader({
  view,
  runbook,
  walkthrough,
  now,
}: {
  view: IncidentRunbooksView;
  runbook: RunbookView;
  walkthrough: WalkthroughView | null;
  now: number;
}) {
  const match = view.matches.find((m) => m.id === runbook.id);
  const steps = walkableSteps(runbook);
  const current = walkthrough?.state.current ?? null;
  const position = current ? runbook.steps.findIndex((s) => s.key === current) + 1 : 0;
  return (
    <div className="rb-head">
      <h3 className="rb-title">{runbook.title}</h3>
      {walkthrough && <TotalClock runbook={runbook} walkthrough={walkthrough} now={now} />}
      <span className="rb-meta small muted">
        {walkthrough === null
          ? `${runbook.steps.length} steps${runbook.timeboxMs !== null ? ` · ${formatDuration(runbook.timeboxMs)}` : ''} · ${runbook.owner}`
          : current === null
            ? `finished · ${countStatus(walkthrough, 'done')} done, ${countStatus(walkthrough, 'skipped')} skipped`
            : position > 0
              ? `step ${position}/${runbook.steps.length}`
              : describeTarget(runbook, current)}
        {match && ` · matches ${match.alertnames.join(', ')}`}
      </span>
      <span className="visually-hidden">{steps.length} steps in all</span>
    </div>
  );
}

function TotalClock({
  runbook,
  walkthrough,
  now,
}: {
  runbook: RunbookView;
  walkthrough: WalkthroughView;
  now: number;
}) {
  const end = walkthrough.state.finishedAt ? Date.parse(walkthrough.state.finishedAt) : now;
  const elapsed = Math.max(0, end - Date.parse(walkthrough.state.startedAt));
  const box = runbook.timeboxMs;
  const over = box !== null && elapsed > box;
  return (
    <span
      className={`rb-clock num ${over ? 'rb-clock-over' : 'rb-clock-total'}`}
      title="time since the walkthrough started"
    >
      {clockText(elapsed)}
      {box !== null && ` of ${formatDuration(box)}`}
    </span>
  );
}

function countStatus(w: WalkthroughView, status: 'done' | 'skipped') {
  return Object.values(w.state.steps).filter((p) => p.status === status).length;
}

/** The alerts' own runbook links: http(s) ones as links, anything else as text to read. */
function Links({ view }: { view: IncidentRunbooksView }) {
  if (!view.external.length && !view.externalAsText.length) return null;
  return (
    <ul className="rb-links">
      {view.external.map((l) => (
        <li key={l.href}>
          <span className="muted small">runbook_url of {l.alertnames.join(', ')}:</span>{' '}
          {isSafeHref(l.href) ? (
            <a href={l.href} target="_blank" rel="noopener noreferrer" data-testid="runbook-url">
              {l.href}
            </a>
          ) : (
            <span>{l.href}</span>
          )}
        </li>
      ))}
      {view.externalAsText.map((l) => (
        <li key={l.text}>
          <span className="muted small">runbook annotation of {l.alertname} (not an http(s) link):</span>{' '}
          <span>{l.text}</span>
        </li>
      ))}
    </ul>
  );
}

function NoRunbook({ incidentId, alertname }: { incidentId: string; alertname: string }) {
  const client = useClient();
  const draft = useRunbookStore((s) => s.drafts[incidentId]);
  const showing = draft?.alertname === alertname;
  return (
    <div className="rb-none" data-testid="runbook-none">
      <p>
        <strong>No runbook for this alert</strong> <code>{alertname}</code>.{' '}
        {!showing && (
          <button
            type="button"
            className="small-button"
            onClick={() =>
              client
                .request('runbook:draft', { incidentId, alertname })
                .then((d) => useRunbookStore.getState().setDraft(incidentId, d))
                .catch((err: Error) => useRunbookStore.getState().setError(incidentId, err.message))
            }
          >
            Create a runbook
          </button>
        )}
      </p>
      {showing && <RunbookDraft incidentId={incidentId} draft={draft} />}
    </div>
  );
}
