import { useState, type FormEvent } from 'react';
import type { TimelineEventKind } from '../../../shared/domain/timeline';
import type { TimelineEntry, TimelineView } from '../../../shared/timeline/buildTimeline';
import { MILESTONE_LABEL, MILESTONES, type Milestone } from '../../../shared/timeline/milestone';
import { useClient } from '../../api/ClientContext';
import { NoteBox } from './NoteBox';
import { annotate, annotateOrReport } from './timelineActions';
import { clockWithSeconds } from '../../components/localTime';
import { fromLocalInput, fullTime, toLocalInput } from './timeText';

const KIND_LABEL: Partial<Record<TimelineEventKind, string>> = {
  'first-symptom': 'symptom',
  fired: 'fired',
  refired: 'fired again',
  resolved: 'resolved',
  'severity-changed': 'severity',
  escalated: 'escalated',
  'source-merged': 'source',
  'alerts-changed': 'alerts',
  notified: 'notified',
  'notification-suppressed': 'held back',
  inhibited: 'muted',
  uninhibited: 'unmuted',
  stale: 'stale',
  fresh: 'fresh',
  acknowledged: 'acked',
  mitigated: 'mitigated',
  'update-posted': 'update',
  declared: 'declared',
  note: 'note',
  silenced: 'silenced',
  unsilenced: 'unsilenced',
  'pagerduty-log-entry': 'PagerDuty',
};

function kindLabel(kind: TimelineEventKind): string {
  return KIND_LABEL[kind] ?? (kind.startsWith('runbook-') ? 'runbook' : kind.replace(/-/g, ' '));
}

/*
 * The engine's events keep the test id the incident specs look for; notes and the entries derived
 * from the incident's lifecycle (the first symptom has no event) are named for what they are.
 */
const TEST_ID: Record<TimelineEntry['origin'], string> = {
  event: 'timeline-event',
  note: 'timeline-note',
  derived: 'timeline-derived',
};

/** One entry: time (corrected and original), kind, milestones, star; the rest one click away. */
export function TimelineEntryRow({
  incidentId,
  entry,
  milestones,
  open,
  onToggle,
}: {
  incidentId: string;
  entry: TimelineEntry;
  milestones: TimelineView['milestones'];
  open: boolean;
  onToggle(): void;
}) {
  const client = useClient();
  const [editingText, setEditingText] = useState(false);
  const classes = ['tl', `tl-${entry.kind}`, entry.starred && 'tl-starred', open && 'tl-open'].filter(Boolean);
  return (
    <li
      className={classes.join(' ')}
      data-testid={TEST_ID[entry.origin]}
      data-kind={entry.kind}
      data-starred={entry.starred || undefined}
    >
      <div className="tl-head">
        <time className="num" dateTime={entry.at} title={fullTime(entry.at)}>
          {clockWithSeconds(entry.at)}
        </time>
        {entry.retimed && (
          <span className="tl-was num" title={`First recorded at ${fullTime(entry.originalAt)}`}>
            was {clockWithSeconds(entry.originalAt)}
          </span>
        )}
        <span className="tl-kind">{kindLabel(entry.kind)}</span>
        {entry.milestones.map((m) => (
          <span key={m} className="tl-milestone" title="Milestone: the response metrics are measured from these">
            {MILESTONE_LABEL[m]}
          </span>
        ))}
        <span className="tl-tools">
          <button
            type="button"
            className="tl-star"
            aria-pressed={entry.starred}
            aria-label={entry.starred ? 'Starred for the post-mortem (un-star)' : 'Star for the post-mortem'}
            title={
              entry.starred ? 'In the post-mortem timeline: click to leave it out' : 'Star: put it in the post-mortem'
            }
            onClick={() =>
              annotateOrReport(client, incidentId, { type: 'star', entryId: entry.id, starred: !entry.starred })
            }
          >
            {entry.starred ? '★' : '☆'}
          </button>
          <button
            type="button"
            className="tl-more"
            aria-expanded={open}
            aria-label="Milestone, time and details"
            title="Milestone, time and details"
            onClick={onToggle}
          >
            ⋯
          </button>
        </span>
      </div>
      {editingText ? (
        <NoteBox
          label="Correct the note"
          initial={entry.text}
          onCancel={() => setEditingText(false)}
          onSubmit={async (text) => {
            await annotate(client, incidentId, { type: 'note-edit', noteId: entry.id, text });
            setEditingText(false);
          }}
        />
      ) : (
        <p className="tl-text">
          {(entry.origin === 'note' || (entry.kind === 'note' && entry.source === 'pagerduty')) && (
            <span
              className="tl-actor"
              title={entry.origin === 'note' ? undefined : "A teammate's note, read from PagerDuty"}
            >
              {entry.actor}
              {entry.origin === 'note' ? '' : ' (PagerDuty)'}:{' '}
            </span>
          )}
          {entry.text}
          {entry.edited && <span className="muted"> (corrected)</span>}
        </p>
      )}
      {open && (
        <EntryDetails
          incidentId={incidentId}
          entry={entry}
          milestones={milestones}
          onEditText={() => setEditingText(true)}
        />
      )}
    </li>
  );
}

function EntryDetails({
  incidentId,
  entry,
  milestones,
  onEditText,
}: {
  incidentId: string;
  entry: TimelineEntry;
  milestones: TimelineView['milestones'];
  onEditText(): void;
}) {
  const client = useClient();
  const [time, setTime] = useState(() => toLocalInput(entry.at));
  const [problem, setProblem] = useState<string | null>(null);
  const run = (p: Promise<void>) => {
    setProblem(null);
    p.catch((err: Error) => setProblem(err.message));
  };
  const markable = MILESTONES.filter((m) => !entry.milestones.includes(m));
  const setAt = (e: FormEvent) => {
    e.preventDefault();
    const at = fromLocalInput(time);
    if (!at) return setProblem('Write the time as a date and time, e.g. 2026-03-14 14:22:05');
    run(annotate(client, incidentId, { type: 'retime', entryId: entry.id, at }));
  };
  const who = entry.source === 'user' || entry.source === 'vigil' ? entry.actor : `${entry.actor} (${entry.source})`;

  return (
    <div className="tl-details">
      <label className="tl-field">
        <span>Milestone</span>
        <select
          value=""
          onChange={(e) => {
            const milestone = e.target.value as Milestone;
            if (milestone) run(annotate(client, incidentId, { type: 'milestone', milestone, entryId: entry.id }));
          }}
        >
          <option value="">mark as…</option>
          {markable.map((m) => {
            const now = milestones[m];
            return (
              <option key={m} value={m}>
                {MILESTONE_LABEL[m]}
                {now ? ` (moves it from ${clockWithSeconds(now.at)})` : ''}
              </option>
            );
          })}
        </select>
      </label>
      {entry.milestones.map((m) => (
        <button
          key={m}
          type="button"
          className="chip"
          title={`The incident has no ${MILESTONE_LABEL[m]} (mark another entry to move it instead)`}
          onClick={() => run(annotate(client, incidentId, { type: 'milestone', milestone: m, entryId: null }))}
        >
          × not the {MILESTONE_LABEL[m]}
        </button>
      ))}
      <form className="tl-field tl-time" onSubmit={setAt}>
        <span>Time (local)</span>
        <input
          type="datetime-local"
          step={1}
          value={time}
          aria-label="When it happened (local time)"
          onChange={(e) => setTime(e.target.value)}
        />
        <button type="submit">Set</button>
      </form>
      {entry.retimed && (
        <p className="small">
          First recorded {fullTime(entry.originalAt)}.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => run(annotate(client, incidentId, { type: 'retime', entryId: entry.id, at: null }))}
          >
            Restore it
          </button>
        </p>
      )}
      <p className="small muted">
        {entry.origin === 'derived' ? 'From the incident' : `By ${who}`} · {fullTime(entry.at)}
      </p>
      {entry.origin === 'note' && (
        <p className="tl-note-actions">
          <button type="button" className="link-button" onClick={onEditText}>
            Correct the text
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => run(annotate(client, incidentId, { type: 'note-edit', noteId: entry.id, text: null }))}
          >
            Withdraw the note
          </button>
        </p>
      )}
      {problem && <p className="result-error small">{problem}</p>}
    </div>
  );
}
