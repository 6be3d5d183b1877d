import { z } from 'zod';
import { Milestone } from './milestone';

/*
 * What a person adds to a timeline, stored as its own append-only records beside the engine's
 * events, so the event log is never rewritten: starring, moving a milestone or correcting a time
 * is one more line, and the view (buildTimeline) replays them in log order, last word wins.
 * Every record is plain JSON (strings, booleans, null), one per line in the store.
 */

const IsoTime = z.iso.datetime({ offset: true });

/** What every stored annotation carries; the service fills these, never the screen. */
const Recorded = {
  /** Unique; the store drops a second record with the same id (a retried append). */
  id: z.string().min(1),
  incidentId: z.string().min(1),
  /** When the person did it. Log order decides, not this: clocks can step back. */
  recordedAt: IsoTime,
  /** The person's name as Vigil knows it (settings), shown as the note's author. */
  author: z.string(),
};

const NOTE_MAX = 10_000;

/** A manual note, placed at `at` (now by default, or earlier: "deploy at 14:18 looked odd"). */
const NoteFields = { at: IsoTime, text: z.string().trim().min(1).max(NOTE_MAX) };
/** Corrects a note's text; `text: null` withdraws the note (events are facts and cannot be withdrawn). */
const NoteEditFields = { noteId: z.string().min(1), text: z.string().trim().min(1).max(NOTE_MAX).nullable() };
/** Stars (or un-stars) an entry: starred entries go into the post-mortem's timeline. */
const StarFields = { entryId: z.string().min(1), starred: z.boolean() };
/**
 * Puts `milestone` on an entry, moving it from wherever it was (derived or earlier choice);
 * `entryId: null` says the incident has no such milestone (e.g. it was never really mitigated).
 */
const MilestoneFields = { milestone: Milestone, entryId: z.string().min(1).nullable() };
/** Sets the time an entry happened, keeping the original; `at: null` goes back to the original. */
const RetimeFields = { entryId: z.string().min(1), at: IsoTime.nullable() };

export const TimelineAnnotation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('note'), ...Recorded, ...NoteFields }),
  z.object({ type: z.literal('note-edit'), ...Recorded, ...NoteEditFields }),
  z.object({ type: z.literal('star'), ...Recorded, ...StarFields }),
  z.object({ type: z.literal('milestone'), ...Recorded, ...MilestoneFields }),
  z.object({ type: z.literal('retime'), ...Recorded, ...RetimeFields }),
]);
export type TimelineAnnotation = z.infer<typeof TimelineAnnotation>;
export type TimelineAnnotationType = TimelineAnnotation['type'];

/**
 * What a screen sends (the IPC request's input): the annotation without what the service adds.
 * A note's `at` is optional: the service uses now, so one keystroke is enough.
 */
export const TimelineAnnotationInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('note'), at: IsoTime.optional(), text: NoteFields.text }),
  z.object({ type: z.literal('note-edit'), ...NoteEditFields }),
  z.object({ type: z.literal('star'), ...StarFields }),
  z.object({ type: z.literal('milestone'), ...MilestoneFields }),
  z.object({ type: z.literal('retime'), ...RetimeFields }),
]);
export type TimelineAnnotationInput = z.infer<typeof TimelineAnnotationInput>;

/** The stored record for a screen's input; id and clock come from the caller (injected). */
export function completeAnnotation(
  input: TimelineAnnotationInput,
  ctx: { id: string; incidentId: string; now: number; author: string },
): TimelineAnnotation {
  const recorded = {
    id: ctx.id,
    incidentId: ctx.incidentId,
    recordedAt: new Date(ctx.now).toISOString(),
    author: ctx.author,
  };
  if (input.type === 'note')
    return { ...recorded, type: 'note', text: input.text, at: input.at ?? recorded.recordedAt };
  return { ...recorded, ...input };
}
