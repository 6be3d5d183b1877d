import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../shared/timeline/buildTimeline';
import { filterTimeline, kindGroup, type TimelineKindGroup } from '../../../shared/timeline/filterTimeline';
import { useClient } from '../../api/ClientContext';
import { usePostMortemStore } from '../../store/postmortemSlice';
import { useTimelineStore } from '../../store/timelineSlice';
import { openPostMortem } from '../postmortem/postmortemActions';
import { MetricsLine } from './MetricsLine';
import { NoteBox } from './NoteBox';
import { annotate } from './timelineActions';
import { TimelineEntryRow } from './TimelineEntryRow';
import './timeline.css';

const EMPTY: TimelineEntry[] = [];
const GROUPS: [TimelineKindGroup, string][] = [
  ['lifecycle', 'lifecycle'],
  ['severity', 'severity'],
  ['notifications', 'pages'],
  ['sources', 'sources'],
  ['runbook', 'runbook'],
  ['notes', 'notes'],
  ['other', 'other'],
];
/** A burst of pushes (one poll's events, a runbook step) reloads the timeline once. */
const RELOAD_DELAY_MS = 150;

/**
 * What happened to the selected incident, as it happens: the engine's events, notes (`n` from
 * anywhere), milestones and stars, with the response times on top.
 */
export function TimelinePane({ incidentId }: { incidentId: string }) {
  const client = useClient();
  const view = useTimelineStore((s) => s.views[incidentId]);
  const loadError = useTimelineStore((s) => s.loadErrors[incidentId]);
  const revision = useTimelineStore((s) => s.revisions[incidentId] ?? 0);
  const filter = useTimelineStore((s) => s.filter);
  const noteOpen = useTimelineStore((s) => s.noteFor === incidentId);
  const [expanded, setExpanded] = useState<string | null>(null);
  // A note just saved lands at the end of the timeline, likely below the fold: bring it into view
  // once the timeline read back holds it (the number of notes then, to know when).
  const notesWhenSaved = useRef<number | null>(null);
  const editing = usePostMortemStore((s) => s.editing === incidentId);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        client
          .request('timeline:list', { incidentId })
          .then((v) => live && useTimelineStore.getState().load(v))
          .catch((err: Error) => live && useTimelineStore.getState().failed(incidentId, err.message));
      },
      revision === 0 ? 0 : RELOAD_DELAY_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, incidentId, revision]);

  const entries = view?.entries ?? EMPTY;
  const counts = useMemo(() => {
    const c = new Map<TimelineKindGroup, number>();
    for (const e of entries) c.set(kindGroup(e.kind), (c.get(kindGroup(e.kind)) ?? 0) + 1);
    return c;
  }, [entries]);
  const shown = useMemo(() => filterTimeline(entries, filter), [entries, filter]);
  useEffect(() => {
    const before = notesWhenSaved.current;
    if (before === null) return;
    const notes = document.querySelectorAll<HTMLElement>('[data-testid="timeline-note"]');
    if (notes.length <= before) return;
    notesWhenSaved.current = null;
    notes[notes.length - 1]!.scrollIntoView({ block: 'nearest' });
  }, [shown]);
  const store = useTimelineStore.getState();
  const filtered = filter.groups.length > 0 || filter.starredOnly || filter.milestonesOnly;

  return (
    <section className="timeline" aria-label="Timeline">
      <header className="timeline-head">
        <h2>Timeline</h2>
        {!editing && (
          <button
            type="button"
            className="link-button"
            aria-keyshortcuts="p"
            title="Write this incident's post-mortem, drafted from this timeline (p)"
            onClick={() => openPostMortem(incidentId)}
          >
            Write post-mortem <kbd>p</kbd>
          </button>
        )}
        <button
          type="button"
          className="link-button"
          aria-keyshortcuts="n"
          title="Add a note to this timeline (n from anywhere)"
          onClick={() => store.openNote(incidentId)}
        >
          + note <kbd>n</kbd>
        </button>
      </header>
      {view && <MetricsLine view={view} />}
      {noteOpen && (
        <NoteBox
          label="Note"
          onCancel={() => store.closeNote()}
          onSubmit={async (text) => {
            notesWhenSaved.current = entries.filter((e) => e.origin === 'note').length;
            await annotate(client, incidentId, { type: 'note', text });
            useTimelineStore.getState().closeNote();
          }}
        />
      )}
      {entries.length > 0 && (
        <div className="tl-filters" role="group" aria-label="Filter the timeline">
          {GROUPS.filter(([g]) => counts.get(g)).map(([g, label]) => (
            <button
              key={g}
              type="button"
              className="chip"
              aria-pressed={filter.groups.includes(g)}
              onClick={() => store.toggleGroup(g)}
            >
              {label} <span className="num muted">{counts.get(g)}</span>
            </button>
          ))}
          <button
            type="button"
            className="chip"
            aria-pressed={filter.starredOnly}
            onClick={() => store.toggleStarredOnly()}
          >
            ★ starred
          </button>
          <button
            type="button"
            className="chip"
            aria-pressed={filter.milestonesOnly}
            onClick={() => store.toggleMilestonesOnly()}
          >
            milestones
          </button>
        </div>
      )}
      {loadError && <p className="result-error small">Could not load the timeline: {loadError}</p>}
      {view?.problems.map((p) => (
        <p key={p} className="tl-problem small">
          {p}
        </p>
      ))}
      <ol className="timeline-list">
        {shown.map((e) => (
          <TimelineEntryRow
            key={e.id}
            incidentId={incidentId}
            entry={e}
            milestones={view!.milestones}
            open={expanded === e.id}
            onToggle={() => setExpanded((x) => (x === e.id ? null : e.id))}
          />
        ))}
      </ol>
      {filtered && shown.length === 0 && (
        <p className="muted small">
          Nothing here matches the filter.{' '}
          <button type="button" className="link-button" onClick={() => store.clearFilter()}>
            Show everything
          </button>
        </p>
      )}
      {view && entries.length === 0 && <p className="muted small">Nothing recorded yet.</p>}
    </section>
  );
}
