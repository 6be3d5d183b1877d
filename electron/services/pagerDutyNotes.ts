import { z } from 'zod';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { HttpStatusError } from '../sources/describeFetchError';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';

/** A note typed in Vigil, waiting to be posted to a linked PagerDuty incident. */
const QueuedNote = z.object({
  /** The annotation's id: a note is queued once per PagerDuty incident, whatever the retries. */
  key: z.string(),
  incidentId: z.string(),
  sourceId: z.string(),
  pagerDutyId: z.string(),
  content: z.string(),
  at: z.number(),
  /** A post was sent and its answer lost (timeout): before sending again, look whether it landed. */
  attempted: z.boolean(),
});
type QueuedNote = z.infer<typeof QueuedNote>;
/** `pagerduty-notes.json` in the data directory: the queue, in order, and the notes this Vigil posted. */
const NotesFile = z.object({
  version: z.literal(1),
  queue: z.array(QueuedNote),
  posted: z.array(z.string()),
});
type NotesFile = z.infer<typeof NotesFile>;
const POSTED_KEPT = 2000;

export interface PagerDutyNotesDeps {
  file: string;
  incidents: {
    get(id: string): Incident | undefined;
    /** Incidents linked to PagerDuty that are not resolved (where teammates' notes can still come). */
    linked(): Promise<Incident[]>;
    recordEvents(events: readonly TimelineEvent[]): void;
    timelineEvents(id: string): { events: TimelineEvent[] };
  };
  pagerDuty(sourceId: string): PagerDutySource | null;
  now: () => number;
  notice: (message: string) => void;
  log: (message: string) => void;
}

export interface PagerDutyNotes {
  /** A note was added to an incident's timeline in this Vigil: queue it for its PagerDuty incidents. */
  noteAdded(incidentId: string, note: { id: string; text: string }): void;
  /** After every source poll: post what is queued (in order, once) and read teammates' notes back. */
  sync(): Promise<void>;
  /** How many notes wait to be posted (for tests and the status line). */
  pending(): number;
}

/** The timeline event id of a PagerDuty note: the same note is recorded once, however often it is read. */
export const pagerDutyNoteEventId = (incidentId: string, noteId: string) => `${incidentId}#pd-note-${noteId}`;

/**
 * Notes mirrored with PagerDuty for incidents linked to it. A note typed here is posted to each
 * linked PagerDuty incident (POST /incidents/{id}/notes, From = the source's email); while
 * PagerDuty cannot be reached the notes wait in a queue kept on disk and go out in order, once.
 * Teammates' notes, read by the PagerDuty source a few incidents per poll, join the timeline with
 * their author and time, once each; the notes this Vigil posted are not read back as new.
 */
export function createPagerDutyNotes(deps: PagerDutyNotesDeps): PagerDutyNotes {
  const { now } = deps;
  const state = load();
  let syncing: Promise<void> | null = null;
  /** Per PagerDuty incident, the last note id imported: nothing new, nothing to look at. */
  const lastSeen = new Map<string, string>();

  function load(): NotesFile {
    const r = readJsonFile(deps.file, (v) => NotesFile.parse(v), new Date(now()));
    if (r.status === 'quarantined')
      deps.notice(`The PagerDuty note queue could not be read (${r.reason}); kept aside as ${r.movedTo}.`);
    return r.status === 'ok' ? r.value : { version: 1, queue: [], posted: [] };
  }

  function save() {
    try {
      writeFileAtomic(deps.file, JSON.stringify(state));
    } catch (err) {
      deps.notice(
        `Could not save the PagerDuty note queue (${(err as Error).message}); notes typed now may not reach PagerDuty after a restart.`,
      );
    }
  }

  function noteAdded(incidentId: string, note: { id: string; text: string }) {
    const inc = deps.incidents.get(incidentId);
    if (!inc) return;
    for (const s of inc.signals) {
      const pdId = s.labels.pagerduty_incident_id;
      if (s.sourceKind !== 'pagerduty' || !pdId) continue;
      const key = `${note.id}|${s.sourceId}|${pdId}`;
      if (state.queue.some((q) => q.key === key)) continue;
      state.queue.push({
        key,
        incidentId,
        sourceId: s.sourceId,
        pagerDutyId: pdId,
        content: note.text,
        at: now(),
        attempted: false,
      });
    }
    save();
    void sync();
  }

  /** Posts the queue in order; stops at the first note that cannot go now (the rest wait behind it). */
  async function flush() {
    while (state.queue.length) {
      const q = state.queue[0]!;
      const pd = deps.pagerDuty(q.sourceId);
      if (!pd) return;
      try {
        if (q.attempted) {
          // The last post may have landed before its answer was lost: look before sending again.
          const landed = (await pd.client.listNotes(q.pagerDutyId)).find(
            (n) => n.content === q.content && Date.parse(n.created_at) >= q.at - 60_000 && !state.posted.includes(n.id),
          );
          if (landed) {
            done(landed.id);
            continue;
          }
        }
        q.attempted = true;
        save();
        const note = await pd.addNote(q.pagerDutyId, q.content);
        done(note.id);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status >= 400 && err.status < 500 && err.status !== 408) {
          // PagerDuty refused this note (incident gone, From not a user...): it will never go; say so, go on.
          state.queue.shift();
          save();
          const inc = deps.incidents.get(q.incidentId);
          deps.notice(
            `A note of ${inc?.title ?? q.incidentId} was not posted to PagerDuty (${err.message}: ${err.bodySnippet}); it stays in Vigil's timeline.`,
          );
          continue;
        }
        deps.log(`PagerDuty note for ${q.pagerDutyId} waits: ${(err as Error).message}`);
        return;
      }
    }
  }

  function done(noteId: string) {
    state.queue.shift();
    state.posted = [...state.posted, noteId].slice(-POSTED_KEPT);
    save();
  }

  /** Teammates' notes the PagerDuty sources read, into the timelines of the incidents they belong to. */
  async function importNotes() {
    let linked: Incident[] | null = null;
    const mine = new Set(state.posted);
    const changed = new Map<string, { sourceId: string }>();
    for (const inc of (linked ??= await deps.incidents.linked())) {
      for (const s of inc.signals) {
        const pdId = s.labels.pagerduty_incident_id;
        if (s.sourceKind !== 'pagerduty' || !pdId) continue;
        const notes = deps.pagerDuty(s.sourceId)?.notes(pdId);
        const last = notes?.at(-1)?.id;
        if (!notes || !last || lastSeen.get(`${inc.id}|${pdId}`) === last) continue;
        changed.set(`${inc.id}|${pdId}`, { sourceId: s.sourceId });
      }
    }
    for (const [key, { sourceId }] of changed) {
      const [incidentId, pdId] = key.split('|') as [string, string];
      const notes = deps.pagerDuty(sourceId)?.notes(pdId) ?? [];
      const known = new Set(deps.incidents.timelineEvents(incidentId).events.map((e) => e.id));
      const fresh: TimelineEvent[] = [];
      for (const n of notes) {
        const id = pagerDutyNoteEventId(incidentId, n.id);
        // Ours: posted, or sent with its answer lost (still queued, to be confirmed).
        const sending = state.queue.some((q) => q.attempted && q.pagerDutyId === pdId && q.content === n.content);
        if (mine.has(n.id) || known.has(id) || sending) continue;
        const at = Date.parse(n.created_at);
        fresh.push({
          id,
          incidentId,
          at: new Date(Number.isFinite(at) ? at : now()).toISOString(),
          kind: 'note',
          text: n.content,
          source: 'pagerduty',
          actor: n.user?.summary ?? n.user?.id ?? 'PagerDuty',
          data: { pagerDutyNoteId: n.id, pagerDutyId: pdId },
        });
      }
      if (fresh.length) deps.incidents.recordEvents(fresh);
      lastSeen.set(key, notes.at(-1)!.id);
    }
  }

  let again = false;
  function sync(): Promise<void> {
    // One sync at a time (two would post the head of the queue twice); asked again meanwhile, it runs once more.
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        try {
          await flush();
          await importNotes();
        } catch (err) {
          deps.log(`PagerDuty notes: ${(err as Error).message}`);
        }
      } while (again);
    })().finally(() => {
      syncing = null;
    });
    return syncing;
  }

  return { noteAdded, sync, pending: () => state.queue.length };
}
