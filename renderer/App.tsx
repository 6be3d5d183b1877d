import { useEffect, useState } from 'react';
import { useClient } from './api/ClientContext';
import { RelativeTime } from './components/RelativeTime';
import { useNow } from './components/useNow';
import { IncidentDetail } from './features/incidents/IncidentDetail';
import { FilterBar } from './features/incidents/FilterBar';
import { IncidentList } from './features/incidents/IncidentList';
import { visibleIncidentsNow } from './features/incidents/useVisibleIncidents';
import { CommandPalette } from './features/palette/CommandPalette';
import { runIncidentAction, selectedIncidentNow } from './features/incidents/runIncidentAction';
import { TimelinePane } from './features/timeline/TimelinePane';
import { openNoteBox } from './features/timeline/timelineActions';
import { PostMortemEditor } from './features/postmortem/PostMortemEditor';
import { PostMortemsView } from './features/postmortem/PostMortemsView';
import { closePostMortem, openPostMortem } from './features/postmortem/postmortemActions';
import { usePostMortemStore } from './store/postmortemSlice';
import { useTimelineStore } from './store/timelineSlice';
import type { VigilClient } from './api/vigilClient';
import { useWorkspace } from './features/incident-detail/useWorkspace';
import { FirstRun } from './features/sources/FirstRun';
import { InsightsView } from './features/insights/InsightsView';
import { HealthBanner } from './features/sources/HealthBanner';
import { SourcesPanel } from './features/sources/SourcesPanel';
import { RunbooksPanel } from './features/runbook/RunbooksPanel';
import { focusRunbook } from './features/runbook/runbookActions';
import { PreferencesPanel } from './features/settings/PreferencesPanel';
import { useTitleAndFavicon } from './features/workspace/useTitleAndFavicon';
import { TopBar } from './features/workspace/TopBar';
import { useAppStore } from './store/appSlice';
import { selectSelectedIncident, useIncidentsStore } from './store/incidentsSlice';
import { useSourcesStore } from './store/sourcesSlice';
import { useVigilSync } from './store/useVigilSync';
import { NotifierAlarm } from './features/workspace/NotifierAlarm';

export function App() {
  const client = useClient();
  useVigilSync(client);
  useGlobalKeys(client);
  useWorkspace(client);
  useTitleAndFavicon();
  const info = useAppStore((s) => s.info);
  const connection = useAppStore((s) => s.connection);
  const view = useAppStore((s) => s.view);

  if (!info) {
    return (
      <main className="center-screen" role="status">
        {connection.status === 'closed' ? (
          <p className="result-error">{connection.message}</p>
        ) : (
          <p>Connecting to Vigil…</p>
        )}
      </main>
    );
  }
  if (info.firstRun) {
    // Before any source, failing desktop notifications are already worth knowing.
    return (
      <>
        <NotifierAlarm />
        <FirstRun />
      </>
    );
  }
  return (
    <div className="app">
      <TopBar />
      {connection.status === 'closed' && (
        <div className="health-banner" role="alert">
          {connection.message}. What is shown is the last state received.
        </div>
      )}
      <NotifierAlarm />
      <Notices />
      <HealthBanner />
      {view === 'sources' ? (
        <SourcesPanel />
      ) : view === 'settings' ? (
        <PreferencesPanel />
      ) : view === 'runbooks' ? (
        <RunbooksPanel />
      ) : view === 'insights' ? (
        <InsightsView />
      ) : view === 'postmortems' ? (
        <PostMortemsView />
      ) : (
        <Workspace />
      )}
      <CommandPalette />
    </div>
  );
}

function Workspace() {
  const count = useIncidentsStore((s) => s.ordered.length);
  const selected = useIncidentsStore(selectSelectedIncident);
  const editing = usePostMortemStore((s) => s.editing);
  // On a narrow window the timeline pane is hidden: `n` shows it for a note, the Timeline button
  // (timelineOpen) to read it.
  const noteOpen = useTimelineStore((s) => s.noteFor !== null && s.noteFor === selected?.id);
  const [timelineOpen, setTimelineOpen] = useState(false);
  // Picking another incident gives the centre pane back (the editor saves as it closes). A
  // post-mortem of an incident the list does not hold (it resolved over a day ago and left memory,
  // or its file could not be read) has no incident selected, and stays open until one is.
  useEffect(() => {
    if (editing && selected && selected.id !== editing) closePostMortem();
  }, [editing, selected]);
  if (count === 0 && !editing) return <Watching />;
  const shown = selected?.id ?? editing;
  return (
    <div className={editing ? 'workspace workspace-writing' : 'workspace'}>
      <aside className="pane-left">
        <FilterBar />
        <IncidentList />
      </aside>
      <section className="pane-centre">
        {editing && editing === shown ? (
          <PostMortemEditor key={editing} incidentId={editing} />
        ) : selected ? (
          <IncidentDetail incident={selected} />
        ) : null}
      </section>
      <aside className={noteOpen || timelineOpen ? 'pane-right pane-right-note' : 'pane-right'}>
        {shown ? <TimelinePane incidentId={shown} /> : null}
      </aside>
      {shown && (
        <button
          type="button"
          className="timeline-toggle"
          aria-expanded={noteOpen || timelineOpen}
          onClick={() => setTimelineOpen((open) => !open)}
        >
          {timelineOpen ? 'Hide timeline' : 'Timeline'}
        </button>
      )}
    </div>
  );
}

/** No incidents: say what is watched and when it last answered, so silence is trustworthy. */
function Watching() {
  const health = useSourcesStore((s) => s.health);
  const now = useNow(5_000);
  return (
    <main className="center-screen" data-testid="no-incidents">
      <h1>No incidents</h1>
      <ul className="watching">
        {health.map((h) => (
          <li key={h.sourceId}>
            Watching <strong>{h.name}</strong> ({h.target}):{' '}
            {h.lastSuccessAt ? (
              <>
                last answer <RelativeTime iso={h.lastSuccessAt} now={now} suffix=" ago" />
              </>
            ) : (
              'no answer yet'
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}

function Notices() {
  const info = useAppStore((s) => s.info);
  const error = useAppStore((s) => s.error);
  const setError = useAppStore((s) => s.setError);
  if (!info?.notices.length && !error) return null;
  return (
    <div className="notices" role="status">
      {info?.notices.map((n) => (
        <p key={n}>{n}</p>
      ))}
      {error && (
        <p className="result-error">
          {error}{' '}
          <button type="button" className="link-button" onClick={() => setError(null)}>
            dismiss
          </button>
        </p>
      )}
    </div>
  );
}

/** j/k and arrows move through the visible incidents; a acknowledges; / searches; Esc returns to the list. Ignored while typing. */
function useGlobalKeys(client: VigilClient) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Handled where it was typed (the post-mortem editor's Esc, which may already have removed
      // the editor, so the target no longer reads as editable).
      if (e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('.palette')) return;
      const move = (d: number) => useIncidentsStore.getState().moveSelection(d, visibleIncidentsNow());
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'Home') move(-Infinity);
      else if (e.key === 'End') move(Infinity);
      else if (e.key === '/') document.getElementById('incident-search')?.focus();
      else if (e.key === 'a') {
        const inc = selectedIncidentNow();
        if (inc && inc.state === 'open') void runIncidentAction(client, 'ack', inc);
      } else if (e.key === 'r') focusRunbook();
      else if (e.key === 'n') openNoteBox();
      else if (e.key === 'p') openPostMortem();
      else if (e.key === 'Escape') {
        if (!closePostMortem()) useAppStore.getState().setView('incidents');
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
