import { z } from 'zod';
import { IncidentIdSchema } from './incidentIdSchema';
import { Severity } from '../domain/severity';
import { isSafeHref } from '../runbooks/parseInline';
import { WalkthroughAction, WalkthroughState } from '../runbooks/walkthrough';

/**
 * Runbooks: the library (shipped + the user's folder), linking to an incident, the walkthrough
 * and its checks, drafts for alerts without a runbook, and the coverage report. Runbooks travel
 * as a view of shared/runbooks' model: matchers and conditions as the text the author wrote
 * (never compiled regexes), and only text, code and http(s) links, re-checked here.
 */

const IncidentId = IncidentIdSchema;
const RunbookId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/);
/** Step keys ('1', '2a', 'escalation'), item / check ids ('2.i1', '1.q3'): short and plain. */
const Key = z.string().min(1).max(64);

export const RunbookInline = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('strong'), text: z.string() }),
  z.object({ kind: z.literal('code'), text: z.string() }),
  // The parser only makes links of http(s) URLs; checked again so no other scheme can reach a screen.
  z.object({ kind: z.literal('link'), text: z.string(), href: z.string().refine(isSafeHref, 'not an http(s) URL') }),
]);
export type RunbookInline = z.infer<typeof RunbookInline>;

const Inlines = z.array(RunbookInline);

export const RunbookBlockView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), line: z.number(), inlines: Inlines }),
  z.object({ kind: z.literal('heading'), line: z.number(), level: z.number(), inlines: Inlines }),
  z.object({
    kind: z.literal('bullet'),
    line: z.number(),
    ordered: z.number().nullable(),
    depth: z.number(),
    inlines: Inlines,
  }),
  z.object({
    kind: z.literal('item'),
    id: z.string(),
    line: z.number(),
    depth: z.number(),
    inlines: Inlines,
    text: z.string(),
  }),
  z.object({
    kind: z.literal('promql'),
    id: z.string(),
    line: z.number(),
    label: z.string().nullable(),
    query: z.string(),
    labels: z.array(z.string()),
    /** The if / else lines after the check; `condition` as written ("value > 0.2"), null for else. */
    rules: z.array(z.object({ line: z.number(), condition: z.string().nullable(), target: z.string() })),
  }),
  z.object({ kind: z.literal('command'), id: z.string(), line: z.number(), lang: z.string(), text: z.string() }),
  z.object({ kind: z.literal('code'), line: z.number(), lang: z.string().nullable(), text: z.string() }),
  z.object({
    kind: z.literal('choice'),
    line: z.number(),
    inlines: Inlines,
    label: z.string(),
    target: z.string(),
    note: z.string().nullable(),
  }),
  z.object({ kind: z.literal('goto'), line: z.number(), target: z.string() }),
]);
export type RunbookBlockView = z.infer<typeof RunbookBlockView>;

export const RunbookStepView = z.object({
  key: z.string(),
  kind: z.enum(['step', 'escalation', 'rollback']),
  label: z.string(),
  title: z.string(),
  line: z.number(),
  timeboxMs: z.number().nullable(),
  blocks: z.array(RunbookBlockView),
  elseTarget: z.string().nullable(),
  next: z.string().nullable(),
  /** Where the step's where-next lines lead, in document order, without duplicates. */
  targets: z.array(z.string()),
  /** Where it goes when nothing else decides: its `->` line, the next step, or 'done'. */
  defaultNext: z.string(),
});
export type RunbookStepView = z.infer<typeof RunbookStepView>;

export const RunbookView = z.object({
  id: z.string(),
  title: z.string(),
  severity: Severity.nullable(),
  owner: z.string(),
  timeboxMs: z.number().nullable(),
  /** Matchers as written: `alertname=~".+HighLatency"`. */
  match: z.array(z.string()),
  intro: z.array(RunbookBlockView),
  steps: z.array(RunbookStepView),
  escalation: RunbookStepView.nullable(),
  rollback: RunbookStepView.nullable(),
  notes: z.array(z.object({ title: z.string(), line: z.number(), blocks: z.array(RunbookBlockView) })),
  revision: z.string(),
});
export type RunbookView = z.infer<typeof RunbookView>;

const Origin = z.enum(['shipped', 'user']);

export const RunbookSummary = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  severity: Severity.nullable(),
  timeboxMs: z.number().nullable(),
  match: z.array(z.string()),
  stepCount: z.number(),
  origin: Origin,
  path: z.string(),
});
export type RunbookSummary = z.infer<typeof RunbookSummary>;

export const RunbookLibraryView = z.object({
  entries: z.array(RunbookSummary),
  /** Files that could not be used, each problem with its line; they never stop the others. */
  failures: z.array(
    z.object({
      origin: Origin,
      path: z.string(),
      problems: z.array(z.object({ line: z.number(), message: z.string() })),
    }),
  ),
  overridden: z.array(z.object({ id: z.string(), shippedPath: z.string(), userPath: z.string() })),
  shippedFolder: z.string(),
  userFolder: z.string().nullable(),
  /** Why the user folder could not be read (missing, not a folder...), or null. */
  folderProblem: z.string().nullable(),
  loadedAt: z.string(),
});
export type RunbookLibraryView = z.infer<typeof RunbookLibraryView>;

export const StepClockView = z.object({
  stepKey: z.string(),
  timeboxMs: z.number().nullable(),
  startedAt: z.string().nullable(),
  spentMs: z.number(),
  remainingMs: z.number().nullable(),
  overran: z.boolean(),
  overByMs: z.number(),
  running: z.boolean(),
});

export const WalkthroughClockView = z.object({
  timeboxMs: z.number().nullable(),
  startedAt: z.string(),
  elapsedMs: z.number(),
  remainingMs: z.number().nullable(),
  overran: z.boolean(),
  finished: z.boolean(),
});

export const ActionItemSuggestionView = z.object({
  kind: z.enum(['skipped-step', 'overran-step', 'overridden-branch']),
  runbookId: z.string(),
  stepKey: z.string(),
  text: z.string(),
  reason: z.string().nullable(),
  spentMs: z.number().nullable(),
  timeboxMs: z.number().nullable(),
});
export type ActionItemSuggestionView = z.infer<typeof ActionItemSuggestionView>;

/** How a check's last result was obtained, beside the result the walkthrough keeps. */
export const CheckRunView = z.object({
  /** The query as sent, placeholders filled; null when entered by hand or not run. */
  query: z.string().nullable(),
  /** "Prometheus (prod) at http://...", or "entered by hand". */
  via: z.string(),
  /** How many series the query returned (the highest value is used when several). */
  series: z.number().nullable(),
  /** The technical cause of a failure, one click away from the message. */
  detail: z.string().nullable(),
  /** The last 30 minutes of the check's value, for a sparkline; empty when unavailable. */
  recent: z.array(z.tuple([z.number(), z.number()])),
});
export type CheckRunView = z.infer<typeof CheckRunView>;

export const WalkthroughView = z.object({
  runbookId: z.string(),
  state: WalkthroughState,
  /** Set when the runbook file changed since the walkthrough began: what was adapted, in words. */
  runbookChanged: z.boolean(),
  notes: z.array(z.string()),
  clock: WalkthroughClockView,
  stepClocks: z.record(z.string(), StepClockView),
  /** Post-mortem action items the walkthrough suggests so far. */
  suggestions: z.array(ActionItemSuggestionView),
  checkRuns: z.record(z.string(), CheckRunView),
});
export type WalkthroughView = z.infer<typeof WalkthroughView>;

export const IncidentRunbooksView = z.object({
  incidentId: z.string(),
  /** Local runbooks whose matchers match one of the incident's alerts, most specific first. */
  matches: z.array(
    RunbookSummary.extend({ alertnames: z.array(z.string()), specificity: z.number(), signalIds: z.array(z.string()) }),
  ),
  /** The runbook shown: the one being walked, else the one asked for, else the best match. */
  runbook: RunbookView.nullable(),
  walkthrough: WalkthroughView.nullable(),
  /** `runbook_url` annotations that are http(s) URLs. */
  external: z.array(z.object({ href: z.string().refine(isSafeHref), alertnames: z.array(z.string()) })),
  /** Runbook annotations that are not http(s): shown as text, never as links. */
  externalAsText: z.array(z.object({ text: z.string(), alertname: z.string() })),
  /** "No runbook for this alert": one per alert name no local runbook matches. */
  unmatched: z.array(z.object({ alertname: z.string(), signalId: z.string() })),
  /** The Prometheus the checks run against, or why there is none (a demo incident...). */
  prometheus: z.object({ sourceId: z.string(), name: z.string(), url: z.string() }).nullable(),
  prometheusWhy: z.string().nullable(),
  /** Something the person should know (saved progress unreadable, runbook gone from the library). */
  problem: z.string().nullable(),
  at: z.string(),
});
export type IncidentRunbooksView = z.infer<typeof IncidentRunbooksView>;

export const RunbookDraftView = z.object({
  alertname: z.string(),
  /** A file name for the user folder, e.g. fraud-model-high-latency.md. */
  fileName: z.string(),
  markdown: z.string(),
  userFolder: z.string().nullable(),
});
export type RunbookDraftView = z.infer<typeof RunbookDraftView>;

export const CoverageView = z.object({
  checkedAt: z.string(),
  sources: z.array(
    z.object({
      sourceId: z.string(),
      name: z.string(),
      url: z.string(),
      /** Why its rules could not be read, in words; the other sources are still listed. */
      error: z.string().nullable(),
      rules: z.array(
        z.object({
          group: z.string(),
          file: z.string(),
          name: z.string(),
          state: z.enum(['firing', 'pending', 'inactive']),
          labels: z.record(z.string(), z.string()),
          runbookUrl: z.string().nullable(),
          runbooks: z.array(z.object({ id: z.string(), title: z.string() })),
          /** 'rule': its own labels match; 'alerts': only its active alerts' labels do. */
          matchedBy: z.enum(['rule', 'alerts']).nullable(),
        }),
      ),
    }),
  ),
});
export type CoverageView = z.infer<typeof CoverageView>;

/** Draft file names: plain, lower-case, .md, so a request can never name a path. */
export const DraftFileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}\.md$/, 'a file name like my-alert.md: lower-case letters, digits and dashes');

/** The walkthrough a request acts on: the incident's, for this runbook. */
const Target = z.strictObject({ incidentId: IncidentId, runbookId: RunbookId });

export const runbookRequests = {
  'runbooks:list': { input: z.strictObject({}), output: RunbookLibraryView },
  /** The user's runbook folder (absolute path), or null for shipped runbooks only. Watched for changes. */
  'runbooks:set-folder': {
    input: z.strictObject({ folder: z.string().trim().min(1).max(4096).nullable() }),
    output: RunbookLibraryView,
  },
  /** `runbookId`: preview another matching runbook than the best one (before starting it). */
  'runbook:for-incident': {
    input: z.strictObject({ incidentId: IncidentId, runbookId: RunbookId.optional() }),
    output: IncidentRunbooksView,
  },
  /** Starts (or, with `restart`, starts over) a walkthrough; other runbooks' progress is kept. */
  'runbook:start': {
    input: Target.extend({ restart: z.boolean().optional() }),
    output: IncidentRunbooksView,
  },
  /** One walkthrough action. A `record-query` here is a value entered by hand and is marked so. */
  'runbook:act': { input: Target.extend({ action: WalkthroughAction }), output: IncidentRunbooksView },
  /** Runs one check, or every check of a step in order, against the incident's Prometheus. */
  'runbook:run-query': {
    input: Target.extend({ checkId: Key.optional(), stepKey: Key.optional() }).refine(
      (i) => (i.checkId === undefined) !== (i.stepKey === undefined),
      'name either a checkId or a stepKey',
    ),
    output: IncidentRunbooksView,
  },
  /** A runbook file pre-filled from an alert that has none ("Create a runbook"). */
  'runbook:draft': {
    input: z.strictObject({ incidentId: IncidentId, alertname: z.string().min(1).max(256) }),
    output: RunbookDraftView,
  },
  /** Saves a draft into the user folder; never overwrites a file. */
  'runbook:save-draft': {
    input: z.strictObject({ fileName: DraftFileName, markdown: z.string().min(1).max(200_000) }),
    output: z.object({ path: z.string(), library: RunbookLibraryView }),
  },
  /** Prometheus alerting rules with and without a matching runbook. */
  'runbooks:coverage': { input: z.strictObject({}), output: CoverageView },
} as const;

export const runbookEvents = {
  /** The library was reloaded (a file in the user folder changed, the folder was set). */
  'runbooks:changed': RunbookLibraryView,
  /** A walkthrough changed (another window acted, or a timebox ran out): reload that incident's view. */
  'runbook:walkthrough-changed': z.object({ incidentId: z.string() }),
} as const;
