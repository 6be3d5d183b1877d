import { z } from 'zod';
import { IncidentPhase } from '../domain/incident';
import { Severity } from '../domain/severity';
import { TimelineEventKind } from '../domain/timeline';
import { ActionItemCategory, ActionItemStatus } from '../postmortem/postMortemModel';
import { Milestone } from '../timeline/milestone';

/**
 * On-call insights (issue 9): response times by incident type, the alert-fatigue report for the
 * weekly review and the shift handoff, all computed in the main process from the local history
 * (incident files, timelines, notifications.jsonl), so they work with every source offline.
 * The shapes mirror shared/insights; the Markdown exports are made on the main side so the file
 * a person saves is the same whichever window asked.
 */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');

/** What the reports need to know about the team: when it works and how many share the pager. */
export const InsightsSettings = z.object({
  businessHours: z
    .object({
      start: HHMM,
      end: HHMM,
      /** Working days, 0 = Sunday ... 6 = Saturday. */
      days: z.array(z.number().int().min(0).max(6)).min(1, 'pick at least one working day').max(7),
    })
    .refine((h) => h.start < h.end, { message: 'business hours must end after they start', path: ['end'] }),
  /** People sharing the rotation: the "< 10 actionable alerts per engineer per week" budget divides by this. */
  engineersOnRotation: z.number().int().min(1).max(100),
  /** IANA zone for business hours and weeks ("Europe/Paris"); null = this computer's zone. */
  timeZone: z.string().trim().min(1).max(64).nullable(),
});
export type InsightsSettings = z.infer<typeof InsightsSettings>;

export const defaultInsightsSettings = (): InsightsSettings => ({
  businessHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  engineersOnRotation: 1,
  timeZone: null,
});

const InsightsSettingsView = z.object({
  settings: InsightsSettings,
  /** The zone actually used (the computer's when `timeZone` is null). */
  effectiveTimeZone: z.string(),
});

export const PeriodDays = z.union([z.literal(7), z.literal(30), z.literal(90)]);
export type PeriodDays = z.infer<typeof PeriodDays>;
export const IncidentGrouping = z.enum(['type', 'alertname', 'service', 'severity']);
export const ReportedMetric = z.enum(['detect', 'acknowledge', 'mitigate', 'resolve']);

const Period = z.object({ from: z.string(), to: z.string() });

const MetricStats = z.object({
  metric: ReportedMetric,
  count: z.number(),
  missing: z.number(),
  meanMs: z.number().nullable(),
  medianMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  targetMs: z.number().nullable(),
  targetWhy: z.string().nullable(),
  met: z.number(),
  missed: z.number(),
  points: z.array(
    z.object({ incidentId: z.string(), at: z.string(), ms: z.number(), targetMs: z.number().nullable() }),
  ),
});
export type MetricStatsView = z.infer<typeof MetricStats>;

const MetricsGroup = z.object({
  key: z.string(),
  incidents: z.number(),
  metrics: z.object({ detect: MetricStats, acknowledge: MetricStats, mitigate: MetricStats, resolve: MetricStats }),
});
export type MetricsGroupView = z.infer<typeof MetricsGroup>;

export const MetricsView = z.object({
  report: z.object({ period: Period, groupBy: IncidentGrouping, groups: z.array(MetricsGroup), overall: MetricsGroup }),
  /** History that could not be read (a torn timeline line...), in words. */
  problems: z.array(z.string()),
});
export type MetricsView = z.infer<typeof MetricsView>;

const IncidentOutcome = z.enum([
  'actionable',
  'acknowledged-only',
  'touched-without-ack',
  'auto-resolved-untouched',
  'open-untouched',
]);

const RuleCount = { alertname: z.string(), incidents: z.number() };

const FatigueReportView = z.object({
  period: Period,
  engineers: z.number(),
  budgetPerEngineerWeek: z.number(),
  businessHours: z.object({ start: z.string(), end: z.string(), days: z.array(z.number()).readonly() }),
  weeks: z.array(
    z.object({
      weekOf: z.string(),
      notifications: z.number(),
      pages: z.number(),
      incidents: z.number(),
      actionable: z.number(),
      actionablePerEngineer: z.number(),
      overBudget: z.boolean(),
    }),
  ),
  totals: z.object({
    incidents: z.number(),
    notifications: z.number(),
    pages: z.number(),
    outcomes: z.record(IncidentOutcome, z.number()),
    actionableRatio: z.number().nullable(),
  }),
  noisiestRules: z.array(
    z.object({
      ...RuleCount,
      notifications: z.number(),
      pages: z.number(),
      actionable: z.number(),
      untouched: z.number(),
      actionableRatio: z.number().nullable(),
    }),
  ),
  flapping: z.array(z.object({ ...RuleCount, refires: z.number() })),
  outsideBusinessHours: z.object({
    incidents: z.number(),
    notifications: z.number(),
    pages: z.number(),
    byRule: z.array(z.object({ ...RuleCount, pages: z.number() })),
  }),
  rulesWithoutRunbook: z.array(z.object({ ...RuleCount, notifications: z.number(), pages: z.number() })),
  questions: z.array(z.string()),
});

/** Whether "rules with no runbook" could be worked out, and from what. */
export const RunbookCoverageState = z.object({
  available: z.boolean(),
  /** In words: which Prometheus sources were read, or why coverage is not known. */
  message: z.string(),
});

export const FatigueView = z.object({
  report: FatigueReportView,
  coverage: RunbookCoverageState,
  /** The weekly review: this report plus response times by incident type. */
  markdown: z.string(),
  fileName: z.string(),
  timeZone: z.string(),
  problems: z.array(z.string()),
});
export type FatigueView = z.infer<typeof FatigueView>;

const SlaClockView = z.object({
  kind: z.enum(['ack', 'update', 'mitigate', 'resolve']),
  dueAt: z.string(),
  metAt: z.string().nullable(),
  msLeft: z.number().nullable(),
  breached: z.boolean(),
});

/** A timeline entry as the handoff shows it (the full entry stays on the main side). */
const HandoffEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: TimelineEventKind,
  text: z.string(),
  actor: z.string(),
  starred: z.boolean(),
  milestones: z.array(Milestone),
});

const OnCallEntry = z.object({
  name: z.string(),
  level: z.number().nullable(),
  schedule: z.string().nullable(),
  until: z.string().nullable(),
});

const ShiftHandoffView = z.object({
  shift: z.object({ from: z.string(), to: z.string(), engineer: z.string().nullable() }),
  generatedAt: z.string(),
  open: z.array(
    z.object({
      incidentId: z.string(),
      title: z.string(),
      severity: Severity,
      phase: IncidentPhase,
      acknowledgedBy: z.string().nullable(),
      openForMs: z.number(),
      slaState: z.enum(['breached', 'due-soon', 'ok']),
      clocks: z.array(SlaClockView),
      slaText: z.string(),
    }),
  ),
  happened: z.object({
    opened: z.number(),
    resolved: z.number(),
    pages: z.number(),
    incidents: z.array(
      z.object({
        incidentId: z.string(),
        title: z.string(),
        severity: Severity,
        resolved: z.boolean(),
        entries: z.array(HandoffEntry),
      }),
    ),
  }),
  notes: z.array(
    z.object({ incidentId: z.string(), title: z.string(), at: z.string(), author: z.string(), text: z.string() }),
  ),
  actionItems: z.array(
    z.object({
      id: z.string(),
      what: z.string(),
      owner: z.string().nullable(),
      due: z.string().nullable(),
      category: ActionItemCategory,
      status: ActionItemStatus,
      incidentId: z.string(),
      from: z.string(),
      overdue: z.boolean(),
    }),
  ),
  nextOnCall: z.array(OnCallEntry).readonly().nullable(),
});

export const HandoffView = z.object({
  handoff: ShiftHandoffView,
  /** Where "on call next" came from: PagerDuty, or why it is not known. */
  onCall: z.object({ status: z.enum(['ok', 'not-configured', 'unreachable']), message: z.string() }),
  /** Action items come from post-mortems; false while no post-mortem store is wired. */
  actionItems: z.object({ available: z.boolean(), message: z.string().nullable() }),
  markdown: z.string(),
  fileName: z.string(),
  problems: z.array(z.string()),
});
export type HandoffView = z.infer<typeof HandoffView>;

export const insightsRequests = {
  'insights:settings': { input: z.strictObject({}), output: InsightsSettingsView },
  'insights:settings-update': { input: InsightsSettings, output: InsightsSettingsView },
  /** MTTD / MTTA / MTTM / MTTR per incident type over the last `days`, against seed 002's targets. */
  'insights:metrics': {
    input: z.strictObject({ days: PeriodDays, groupBy: IncidentGrouping }),
    output: MetricsView,
  },
  /** The alert-fatigue report and the weekly review Markdown over the last `days`. */
  'insights:fatigue': { input: z.strictObject({ days: PeriodDays }), output: FatigueView },
  /** The handoff of the shift that ends now and lasted `hours`. */
  'insights:handoff': {
    input: z.strictObject({ hours: z.number().int().min(1).max(72) }),
    output: HandoffView,
  },
} as const;
