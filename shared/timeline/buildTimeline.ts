import type { Incident } from '../domain/incident';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../domain/timeline';
import { MILESTONES, type Milestone } from './milestone';
import type { TimelineAnnotation } from './timelineAnnotation';

/** Where an entry comes from: the event log, a person's note, or the incident's lifecycle fields. */
export type TimelineEntryOrigin = 'event' | 'note' | 'derived';

export interface TimelineEntry {
  /** The event's id, the note's id, or `${incidentId}/derived/${what}` for derived entries. */
  id: string;
  origin: TimelineEntryOrigin;
  kind: TimelineEventKind;
  /** When it happened as the timeline now says (the person's correction if any), canonical ISO. */
  at: string;
  /** When it happened as first recorded, canonical ISO. Kept whatever the corrections. */
  originalAt: string;
  retimed: boolean;
  text: string;
  source: TimelineSource;
  actor: string;
  data: Record<string, unknown>;
  starred: boolean;
  /** The milestones this entry is, in MILESTONES order (usually zero or one). */
  milestones: Milestone[];
  /** A note whose text was corrected after it was written. */
  edited: boolean;
}

export interface MilestoneMark {
  entryId: string;
  /** The entry's current time. */
  at: string;
  /** 'derived' from the lifecycle; 'user' when a person put it there. */
  by: 'derived' | 'user';
}

export interface TimelineView {
  incidentId: string;
  /** Chronological by current time; ties keep the log's order. */
  entries: TimelineEntry[];
  /** Each milestone's entry, or null when the incident has none (yet, or by a person's choice). */
  milestones: Record<Milestone, MilestoneMark | null>;
  /** Records that could not be applied, in words (an entry that no longer exists...). Never fatal. */
  problems: string[];
}

interface Draft extends Omit<TimelineEntry, 'at' | 'retimed' | 'starred' | 'milestones'> {
  originalMs: number;
  currentMs: number;
  /** Position in the log (derived first, then events, then notes), for stable ties. */
  seq: number;
}

/**
 * The timeline a person sees: the engine's append-only events with the person's annotations
 * replayed over them, plus entries derived from the incident's lifecycle when no event says so
 * (first symptom = the earliest Prometheus activeAt has no event of its own).
 *
 * Default milestones: first symptom = a 'first-symptom' event or incident.startedAt; detected =
 * the first 'fired' event (incident.detectedAt); declared = a 'declared' event, else the first
 * page ('notified'), since Vigil declares the paging severities automatically; acknowledged and
 * mitigated = their first event; resolved = the last 'resolved' event, and only while the incident
 * is resolved (a reopened incident is not resolved). Root cause is never guessed. A person's
 * 'milestone' annotation overrides the default, last one wins.
 *
 * Pure; events or annotations of other incidents are ignored, duplicate ids (a retried append)
 * count once.
 */
export function buildTimeline(
  incident: Incident,
  events: readonly TimelineEvent[],
  annotations: readonly TimelineAnnotation[],
): TimelineView {
  const problems: string[] = [];
  const drafts = new Map<string, Draft>();
  let seq = 0;
  const add = (d: Omit<Draft, 'seq'>) => {
    if (!drafts.has(d.id)) drafts.set(d.id, { ...d, seq: seq++ });
  };

  const mine = dedupe(events.filter((e) => e.incidentId === incident.id));
  const eventDrafts: Draft[] = [];
  for (const e of mine) {
    const ms = Date.parse(e.at);
    if (Number.isNaN(ms)) {
      problems.push(`event ${e.id} has no readable time ("${e.at}"): left out`);
      continue;
    }
    eventDrafts.push({ ...fromEvent(e, ms), seq: 0 });
  }
  const firstOf = (kind: TimelineEventKind) => earliest(eventDrafts.filter((d) => d.kind === kind));
  const lastOf = (kind: TimelineEventKind) => latest(eventDrafts.filter((d) => d.kind === kind));
  const mitigationThatHeld = () => {
    const undone = lastOf('refired');
    return earliest(eventDrafts.filter((d) => d.kind === 'mitigated' && (!undone || d.originalMs > undone.originalMs)));
  };

  // Derived entries go first in the log order so a derived first symptom sorts before an event
  // stamped at the same instant.
  const derived = (
    what: string,
    kind: TimelineEventKind,
    at: string | null | undefined,
    text: string,
    actor = 'vigil',
  ) => {
    if (!at) return null;
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) {
      problems.push(`the incident's ${what} time ("${at}") is not readable: no ${what} entry`);
      return null;
    }
    const id = `${incident.id}/derived/${what}`;
    add({
      id,
      origin: 'derived',
      kind,
      originalAt: iso(ms),
      originalMs: ms,
      currentMs: ms,
      text,
      source: actor === 'vigil' ? 'vigil' : 'user',
      actor,
      data: {},
      edited: false,
    });
    return id;
  };

  const defaults: Partial<Record<Milestone, string>> = {};
  const setDefault = (m: Milestone, id: string | null | undefined) => {
    if (id) defaults[m] = id;
  };

  setDefault(
    'first-symptom',
    firstOf('first-symptom')?.id ??
      derived('first-symptom', 'first-symptom', incident.startedAt, firstSymptomText(incident), 'vigil'),
  );
  setDefault(
    'detected',
    firstOf('fired')?.id ?? derived('detected', 'fired', incident.detectedAt, `Vigil detected ${incident.title}`),
  );
  const notified =
    firstOf('notified')?.id ?? derived('notified', 'notified', incident.notifiedAt, `paged: ${incident.title}`);
  setDefault('declared', firstOf('declared')?.id ?? notified);
  const ackBy = incident.acknowledgedBy ?? 'someone';
  setDefault(
    'acknowledged',
    firstOf('acknowledged')?.id ??
      derived('acknowledged', 'acknowledged', incident.acknowledgedAt, `${ackBy} acknowledged it`, ackBy),
  );
  setDefault(
    'mitigated',
    // The incident does not record who mitigated it, so a derived entry names nobody. A mitigation
    // the alert firing again undid (the engine clears it then) does not count: the first one since
    // the last time it fired again does.
    mitigationThatHeld()?.id ?? derived('mitigated', 'mitigated', incident.mitigatedAt, 'marked mitigated'),
  );
  if (incident.state === 'resolved') {
    setDefault(
      'resolved',
      lastOf('resolved')?.id ??
        derived('resolved', 'resolved', incident.resolvedAt, 'resolved', incident.resolvedBy ?? 'vigil'),
    );
  }

  for (const d of eventDrafts) add(d);

  const own = dedupe(annotations.filter((a) => a.incidentId === incident.id));
  for (const a of own) {
    if (a.type !== 'note') continue;
    const ms = Date.parse(a.at);
    add({
      id: a.id,
      origin: 'note',
      kind: 'note',
      originalAt: iso(ms),
      originalMs: ms,
      currentMs: ms,
      text: a.text,
      source: 'user',
      actor: a.author,
      data: {},
      edited: false,
    });
  }

  const starred = new Set<string>();
  const withdrawn = new Set<string>();
  const chosen = new Map<Milestone, string | null>();
  for (const a of own) {
    switch (a.type) {
      case 'note':
        break;
      case 'note-edit': {
        const note = drafts.get(a.noteId);
        if (!note || note.origin !== 'note') {
          problems.push(`a correction refers to note ${a.noteId}, which is not in this timeline: ignored`);
        } else if (a.text === null) {
          withdrawn.add(a.noteId);
        } else {
          note.text = a.text;
          note.edited = true;
          withdrawn.delete(a.noteId);
        }
        break;
      }
      case 'star':
        if (!known(a.entryId, 'star')) break;
        if (a.starred) starred.add(a.entryId);
        else starred.delete(a.entryId);
        break;
      case 'retime': {
        if (!known(a.entryId, 'time correction')) break;
        const entry = drafts.get(a.entryId)!;
        entry.currentMs = a.at === null ? entry.originalMs : Date.parse(a.at);
        break;
      }
      case 'milestone':
        if (a.entryId !== null && !known(a.entryId, 'milestone')) break;
        chosen.set(a.milestone, a.entryId);
        break;
    }
  }
  function known(id: string, what: string): boolean {
    if (drafts.has(id)) return true;
    problems.push(`a ${what} refers to entry ${id}, which is not in this timeline: ignored`);
    return false;
  }

  for (const id of withdrawn) drafts.delete(id);

  const milestones = {} as Record<Milestone, MilestoneMark | null>;
  const byEntry = new Map<string, Milestone[]>();
  for (const m of MILESTONES) {
    // A person's choice wins; if it pointed at a note since withdrawn, the default comes back.
    const choice = chosen.get(m);
    const user = choice === null || (choice !== undefined && drafts.has(choice));
    const id = user ? choice : (defaults[m] ?? null);
    const entry = id == null ? undefined : drafts.get(id);
    if (!entry) {
      milestones[m] = null;
      continue;
    }
    milestones[m] = { entryId: entry.id, at: iso(entry.currentMs), by: user ? 'user' : 'derived' };
    byEntry.set(entry.id, [...(byEntry.get(entry.id) ?? []), m]);
  }

  const entries = [...drafts.values()]
    .sort((a, b) => a.currentMs - b.currentMs || a.originalMs - b.originalMs || a.seq - b.seq)
    .map(({ originalMs, currentMs, seq: _seq, ...rest }): TimelineEntry => ({
      ...rest,
      at: iso(currentMs),
      retimed: currentMs !== originalMs,
      starred: starred.has(rest.id),
      milestones: byEntry.get(rest.id) ?? [],
    }));
  return { incidentId: incident.id, entries, milestones, problems };
}

function fromEvent(e: TimelineEvent, ms: number): Omit<Draft, 'seq'> {
  return {
    id: e.id,
    origin: 'event',
    kind: e.kind,
    originalAt: iso(ms),
    originalMs: ms,
    currentMs: ms,
    text: e.text,
    source: e.source,
    actor: e.actor,
    data: e.data,
    edited: false,
  };
}

function firstSymptomText(incident: Incident): string {
  const alerts = incident.signals.filter((s) => s.activeAt !== null).map((s) => s.name);
  const names = [...new Set(alerts)];
  const what = names.length > 0 ? names.join(', ') : incident.title;
  return `${what}: the alert's condition began (its active-since time)`;
}

function dedupe<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

function earliest<T extends { originalMs: number }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>(
    (best, d) => (best === undefined || d.originalMs < best.originalMs ? d : best),
    undefined,
  );
}

function latest<T extends { originalMs: number }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>(
    (best, d) => (best === undefined || d.originalMs >= best.originalMs ? d : best),
    undefined,
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
