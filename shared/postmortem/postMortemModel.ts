import { z } from 'zod';
import { Severity } from '../domain/severity';
import type { ResponseMetric } from '../timeline/incidentMetrics';
import { Milestone, MILESTONES } from '../timeline/milestone';
import { TARGET_CLASSES, type TargetClass } from '../timeline/responseTargets';

/*
 * The blameless post-mortem of seeds 001 and 002 as data. The JSON export is this object as is;
 * the Markdown file (exportPostMortemMarkdown / parsePostMortemMarkdown) is the same data in a
 * form a person edits. Everything here is JSON-safe: strings, numbers, booleans, null, arrays.
 */

/** `2026-03-14T14:22:00.000Z` exactly (what Date#toISOString gives), so files compare byte for byte. */
export const CanonicalTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'a UTC time such as 2026-03-14T14:22:00.000Z')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(Date.parse(s)).toISOString() === s, 'not a real date');

/** A calendar day in the owner's sense of "due by": no time, no zone. */
export const DueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day such as 2026-03-21')
  // zod runs refinements even after the regex failed ("next week"), so guard the invalid Date:
  // toISOString throws on it, and the parser promises never to throw.
  .refine((s) => {
    const ms = Date.parse(`${s}T00:00:00.000Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
  }, 'not a real day');

export const PostMortemStatus = z.enum(['draft', 'in-review', 'final']);
export type PostMortemStatus = z.infer<typeof PostMortemStatus>;

/** Seed 001's four kinds of action item. */
export const ActionItemCategory = z.enum(['immediate-fix', 'monitoring', 'process', 'systemic']);
export type ActionItemCategory = z.infer<typeof ActionItemCategory>;

export const ActionItemStatus = z.enum(['open', 'in-progress', 'done', 'wont-do']);
export type ActionItemStatus = z.infer<typeof ActionItemStatus>;

export const ActionItem = z.object({
  /** Stable across edits so the cross-post-mortem view can follow an item: "A1", "A2"... */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore'),
  what: z.string(),
  /** A person or a team; null while nobody owns it. */
  owner: z.string().nullable(),
  due: DueDate.nullable(),
  category: ActionItemCategory,
  status: ActionItemStatus,
});
export type ActionItem = z.infer<typeof ActionItem>;

export const PostMortemTimelineItem = z.object({
  at: CanonicalTime,
  milestones: z.array(Milestone),
  text: z.string(),
});
export type PostMortemTimelineItem = z.infer<typeof PostMortemTimelineItem>;

export const SuggestionSection = z.enum(['summary', 'root-cause', 'impact', 'went-well', 'went-wrong', 'action-items']);
export type SuggestionSection = z.infer<typeof SuggestionSection>;

/** What Vigil noticed that the author may want to use: prompts, not content, until accepted. */
export const Suggestion = z.object({
  section: SuggestionSection,
  /** evidence = the alerts and their classification; runbook = the walkthrough; metrics = vs targets. */
  source: z.enum(['evidence', 'runbook', 'metrics']),
  text: z.string(),
});
export type Suggestion = z.infer<typeof Suggestion>;

const Ms = z.number().int().nonnegative().nullable();
export const PostMortemMetrics = z.object({
  detect: Ms,
  acknowledge: Ms,
  mitigate: Ms,
  resolve: Ms,
  duration: Ms,
}) satisfies z.ZodType<Record<ResponseMetric, number | null>>;
export type PostMortemMetrics = z.infer<typeof PostMortemMetrics>;

export const PostMortem = z
  .object({
    version: z.literal(1),
    incidentId: z.string(),
    title: z.string(),
    severity: Severity,
    /** Which response targets apply (seed 002 splits infrastructure from ML quality). */
    incidentType: z.enum(TARGET_CLASSES as [TargetClass, ...TargetClass[]]),
    status: PostMortemStatus,
    author: z.string(),
    createdAt: CanonicalTime,
    updatedAt: CanonicalTime,

    /** 1. Summary, for readers outside the team: what happened, in two or three sentences. */
    summary: z.string(),
    /** When it started (first symptom), was detected, was resolved; and who took part. */
    startedAt: CanonicalTime.nullable(),
    detectedAt: CanonicalTime.nullable(),
    resolvedAt: CanonicalTime.nullable(),
    responders: z.array(z.string()),
    /** Services and models affected (seed 002: "Models affected"). */
    affected: z.array(z.string()),

    /** 2. Timeline, chronological. */
    timeline: z.array(PostMortemTimelineItem),
    /** 3. Root cause: the trigger, the chain of whys, and what in the system let it happen. */
    rootCause: z.object({
      immediateCause: z.string(),
      fiveWhys: z.array(z.string()),
      whatAllowedIt: z.string(),
    }),
    /** 4. Impact. */
    impact: z.object({ users: z.string(), business: z.string(), data: z.string() }),
    /** 5 and 6. */
    wentWell: z.array(z.string()),
    wentWrong: z.array(z.string()),
    /** 7. The most important section. */
    actionItems: z.array(ActionItem),
    metrics: PostMortemMetrics,
    suggestions: z.array(Suggestion),
    /** Sections a person added under their own headings ("Lessons", "Detection"...), kept in order. */
    otherSections: z.array(z.object({ title: z.string(), body: z.string() })),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.actionItems.forEach((a, i) => {
      if (seen.has(a.id))
        ctx.addIssue({
          code: 'custom',
          path: ['actionItems', i, 'id'],
          message: `action item id ${a.id} is used twice`,
        });
      seen.add(a.id);
    });
  });
export type PostMortem = z.infer<typeof PostMortem>;

// ------------------------------------------------------------------------------------ normal form

/*
 * The Markdown keeps some things the model allows but a text file cannot tell apart (trailing
 * spaces, a list item over two lines, an empty owner vs no owner). The normal form is what the
 * Markdown holds; export writes the normal form and parse returns it, so
 * parse(export(d)) = normalizePostMortem(d) and export -> parse -> export is the identity.
 */

/** One line: inner line breaks become spaces, ends trimmed. */
export function oneLine(s: string): string {
  return s
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/** Prose: Unix line breaks, no blank lines at the start, nothing trailing at the end. */
export function normalizeProse(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

function items(list: readonly string[]): string[] {
  return list.map(oneLine).filter((s) => s !== '');
}

/** Section titles the Markdown owns; a person's own section cannot reuse one. */
export const KNOWN_SECTION_TITLES = [
  'Summary',
  'At a glance',
  'Timeline',
  'Root cause',
  'Impact',
  'What went well',
  'What went wrong',
  'Action items',
  'Metrics',
  'Suggestions from Vigil',
] as const;

export function isKnownSectionTitle(title: string): boolean {
  const t = title.trim().toLowerCase();
  return KNOWN_SECTION_TITLES.some((k) => k.toLowerCase() === t);
}

export function normalizePostMortem(doc: PostMortem): PostMortem {
  const rank = (m: Milestone) => MILESTONES.indexOf(m);
  return {
    ...doc,
    incidentId: oneLine(doc.incidentId),
    title: oneLine(doc.title),
    author: oneLine(doc.author),
    summary: normalizeProse(doc.summary),
    responders: items(doc.responders),
    affected: items(doc.affected),
    timeline: doc.timeline
      .map((t) => ({
        at: t.at,
        milestones: [...new Set(t.milestones)].sort((a, b) => rank(a) - rank(b)),
        text: oneLine(t.text),
      }))
      // Stable: items at the same instant keep the author's order.
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    rootCause: {
      immediateCause: normalizeProse(doc.rootCause.immediateCause),
      fiveWhys: items(doc.rootCause.fiveWhys),
      whatAllowedIt: normalizeProse(doc.rootCause.whatAllowedIt),
    },
    impact: {
      users: normalizeProse(doc.impact.users),
      business: normalizeProse(doc.impact.business),
      data: normalizeProse(doc.impact.data),
    },
    wentWell: items(doc.wentWell),
    wentWrong: items(doc.wentWrong),
    actionItems: doc.actionItems.map((a) => {
      const owner = a.owner === null ? '' : oneLine(a.owner);
      return { ...a, what: oneLine(a.what), owner: owner === '' ? null : owner };
    }),
    suggestions: doc.suggestions.map((s) => ({ ...s, text: oneLine(s.text) })).filter((s) => s.text !== ''),
    // A title the Markdown already uses would be read back as that section: rename, never drop.
    otherSections: doc.otherSections.map((s) => {
      const title = oneLine(s.title) || 'Notes';
      return { title: isKnownSectionTitle(title) ? `${title} (notes)` : title, body: normalizeProse(s.body) };
    }),
  };
}
