import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import { buildTimeline, type TimelineView } from '../../shared/timeline/buildTimeline';
import {
  completeAnnotation,
  TimelineAnnotation,
  type TimelineAnnotationInput,
} from '../../shared/timeline/timelineAnnotation';
import { appendJsonl, readJsonl } from '../store/jsonlLog';

export type TimelineHandlers = Pick<RequestHandlers, 'timeline:list' | 'timeline:annotate'>;

export interface TimelineServiceOptions {
  /** The incident's directory (incidentStore.dirOf): annotations.jsonl lives there. */
  incidentDir: (incidentId: string) => string;
  incidents: {
    get(id: string): Incident | undefined;
    timelineEvents(id: string): { events: TimelineEvent[]; problems: string[] };
  };
  now: () => number;
  /** A fresh unique id for each annotation (randomUUID; injected so tests are deterministic). */
  newId: () => string;
  /** Who annotates from this machine (the display name in settings). */
  actor: () => string;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  /** A note was written (mirrored to PagerDuty for linked incidents). */
  onNote?: (incidentId: string, note: { id: string; text: string }) => void;
}

export interface TimelineService {
  handlers: TimelineHandlers;
  /** The timeline a person sees (events + annotations), for the post-mortem draft. */
  view(incidentId: string): TimelineView;
}

export const ANNOTATIONS_FILE = 'annotations.jsonl';

/**
 * The timeline as a person sees it: the engine's append-only events with the person's notes,
 * stars, milestones and time corrections replayed over them (shared/timeline/buildTimeline).
 * Annotations are their own append-only log, `incidents/<id>/annotations.jsonl`, so the event log
 * is never rewritten and a crash can at worst tear the last annotation, which is then reported.
 */
export function createTimelineService(opts: TimelineServiceOptions): TimelineService {
  const fileOf = (incidentId: string) => join(opts.incidentDir(incidentId), ANNOTATIONS_FILE);

  const incidentOf = (incidentId: string): Incident => {
    const incident = opts.incidents.get(incidentId);
    if (!incident) throw new UserFacingError(`no incident ${incidentId}`);
    return incident;
  };

  const view = (incidentId: string): TimelineView => {
    const incident = incidentOf(incidentId);
    const events = opts.incidents.timelineEvents(incidentId);
    const annotations = readJsonl(fileOf(incidentId), (v) => TimelineAnnotation.parse(v));
    const built = buildTimeline(incident, events.events, annotations.records);
    return {
      ...built,
      problems: [
        ...events.problems,
        ...annotations.problems.map((p) => `annotations line ${p.line}: ${p.reason}`),
        ...built.problems,
      ],
    };
  };

  const annotate = (incidentId: string, input: TimelineAnnotationInput): TimelineView => {
    const before = view(incidentId);
    refuseUnknownTarget(before, input);
    const record = completeAnnotation(input, {
      id: `${input.type}-${opts.newId()}`,
      incidentId,
      now: opts.now(),
      author: opts.actor(),
    });
    mkdirSync(opts.incidentDir(incidentId), { recursive: true, mode: 0o700 });
    try {
      appendJsonl(fileOf(incidentId), record);
    } catch (err) {
      throw new UserFacingError(
        `Could not save to the timeline of ${before.incidentId} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check free disk space and try again.`,
      );
    }
    opts.emit('timeline:annotated', { incidentId });
    if (record.type === 'note') opts.onNote?.(incidentId, { id: record.id, text: record.text });
    return view(incidentId);
  };

  return {
    handlers: {
      'timeline:list': async ({ incidentId }) => view(incidentId),
      'timeline:annotate': async ({ incidentId, annotation }) => annotate(incidentId, annotation),
    },
    view,
  };
}

/*
 * buildTimeline ignores (and reports) an annotation about an entry it does not know; refusing it
 * here instead keeps such lines out of the log, and tells the person at once.
 */
function refuseUnknownTarget(view: TimelineView, input: TimelineAnnotationInput): void {
  const find = (id: string) => view.entries.find((e) => e.id === id);
  switch (input.type) {
    case 'note':
      return;
    case 'note-edit': {
      const entry = find(input.noteId);
      if (!entry || entry.origin !== 'note') throw new UserFacingError(`no note ${input.noteId} in this timeline`);
      return;
    }
    case 'milestone':
      if (input.entryId !== null && !find(input.entryId)) {
        throw new UserFacingError(`no entry ${input.entryId} in this timeline`);
      }
      return;
    case 'star':
    case 'retime':
      if (!find(input.entryId)) throw new UserFacingError(`no entry ${input.entryId} in this timeline`);
      return;
  }
}
