import { z } from 'zod';
import { IncidentIdSchema } from './incidentIdSchema';
import { Severity } from '../domain/severity';
import { TimelineEventKind, TimelineSource } from '../domain/timeline';
import { ActionItem, DueDate, PostMortemStatus } from '../postmortem/postMortemModel';
import type { TimelineView } from '../timeline/buildTimeline';
import { Milestone } from '../timeline/milestone';
import { TimelineAnnotationInput } from '../timeline/timelineAnnotation';

/**
 * The timeline as a person sees it (events + their annotations, milestones) and the post-mortem
 * files: the timeline-and-post-mortem part of the contract (issue 8).
 */

const IncidentId = IncidentIdSchema;

/**
 * The longest post-mortem a save carries. The host's WebSocket frames are at most 256 KiB and a
 * character can take 3 bytes in UTF-8, so 80,000 characters always fit with the envelope.
 */
export const POSTMORTEM_MAX_CHARS = 80_000;

const MilestoneMark = z.object({ entryId: z.string(), at: z.string(), by: z.enum(['derived', 'user']) }).nullable();

export const TimelineViewSchema = z.object({
  incidentId: z.string(),
  entries: z.array(
    z.object({
      id: z.string(),
      origin: z.enum(['event', 'note', 'derived']),
      kind: TimelineEventKind,
      at: z.string(),
      originalAt: z.string(),
      retimed: z.boolean(),
      text: z.string(),
      source: TimelineSource,
      actor: z.string(),
      data: z.record(z.string(), z.unknown()),
      starred: z.boolean(),
      milestones: z.array(Milestone),
      edited: z.boolean(),
    }),
  ),
  milestones: z.record(Milestone, MilestoneMark),
  /** Records that could not be applied and lines of the logs that could not be read, in words. */
  problems: z.array(z.string()),
}) satisfies z.ZodType<TimelineView>;

export const MarkdownProblemView = z.object({
  line: z.number(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type MarkdownProblemView = z.infer<typeof MarkdownProblemView>;

export const PostMortemFileView = z.object({
  incidentId: z.string(),
  /** The file as the person last saved it, parsable or not. */
  markdown: z.string(),
  savedAt: z.string(),
  /** True when there was no post-mortem and this one was just drafted from the timeline. */
  drafted: z.boolean(),
  /** What the person should know about the draft (runbook suggestions unavailable...). */
  notes: z.array(z.string()),
  /** Why the text is not a post-mortem yet (errors) or what will be rewritten (warnings), by line. */
  problems: z.array(MarkdownProblemView),
});
export type PostMortemFileView = z.infer<typeof PostMortemFileView>;

export const PostMortemSummary = z.object({
  incidentId: z.string(),
  title: z.string(),
  severity: Severity.nullable(),
  /** Null while the file does not parse. */
  status: PostMortemStatus.nullable(),
  /** When the file was last saved. */
  savedAt: z.string(),
  openActionItems: z.number(),
  /**
   * The first problem that stops the file from parsing ("line 12: ..."), or, when the file cannot
   * be read at all, why in words with its path; null when it reads as a post-mortem.
   */
  problem: z.string().nullable(),
  /** True when the file cannot be read at all (permissions...): `problem` says why; it is left as it is. */
  cannotRead: z.boolean(),
});
export type PostMortemSummary = z.infer<typeof PostMortemSummary>;

export const OpenActionItemView = ActionItem.extend({
  incidentId: z.string(),
  from: z.string(),
  overdue: z.boolean(),
});
export type OpenActionItemView = z.infer<typeof OpenActionItemView>;

export const postmortemRequests = {
  /** The incident's timeline: events, notes, stars, corrected times and milestones. */
  'timeline:list': { input: z.strictObject({ incidentId: IncidentId }), output: TimelineViewSchema },
  /** Adds a note, a star, a milestone, a time correction or a note correction (append-only). */
  'timeline:annotate': {
    input: z.strictObject({ incidentId: IncidentId, annotation: TimelineAnnotationInput }),
    output: TimelineViewSchema,
  },
  /** The incident's post-mortem; drafted from the timeline (and saved) when there is none yet. */
  'postmortem:open': { input: z.strictObject({ incidentId: IncidentId }), output: PostMortemFileView },
  /** Saves the text as typed, even when it does not parse (the problems come back by line). */
  'postmortem:save': {
    input: z.strictObject({ incidentId: IncidentId, markdown: z.string().max(POSTMORTEM_MAX_CHARS) }),
    output: z.object({ savedAt: z.string(), problems: z.array(MarkdownProblemView) }),
  },
  'postmortems:list': { input: z.strictObject({}), output: z.array(PostMortemSummary) },
  /** Open and in-progress action items of every post-mortem; `today` is the person's local day. */
  'postmortems:action-items': {
    input: z.strictObject({ today: DueDate }),
    output: z.object({
      items: z.array(OpenActionItemView),
      /**
       * Post-mortems whose action items could not be read: the file does not parse, or cannot be
       * read at all (`cannotRead`, permissions...).
       */
      unreadable: z.array(
        z.object({ incidentId: z.string(), title: z.string(), problem: z.string(), cannotRead: z.boolean() }),
      ),
    }),
  },
} as const;

export const postmortemEvents = {
  /** A timeline was annotated (maybe in another window): reload it if it is shown. */
  'timeline:annotated': z.object({ incidentId: z.string() }),
  /** A post-mortem was created or saved: lists and action items are out of date. */
  'postmortems:changed': z.object({ incidentId: z.string() }),
} as const;
