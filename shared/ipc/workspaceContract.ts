import { z } from 'zod';
import { IncidentIdSchema } from './incidentIdSchema';
import { Incident } from '../domain/incident';
import { Severity } from '../domain/severity';
import { SourceKind } from '../domain/signal';
import { IncidentEvidence } from '../evidence/evidenceModel';

/**
 * The incident workspace's part of the contract (issue 6): evidence, what the other systems say
 * about an incident (PagerDuty, on-call, recent changes, silences), and the actions that reach
 * them (silence in Alertmanager) or are a person's judgment (escalate, declare). Acknowledging in
 * PagerDuty rides on `incident:ack` itself; its outcome arrives as `incident:remote`.
 */

const IncidentId = IncidentIdSchema;
const Reason = z.string().trim().max(2000);

/** A call made elsewhere on the user's behalf, and how it went. */
export const RemoteOutcome = z.object({
  incidentId: z.string(),
  action: z.enum(['ack', 'silence', 'unsilence']),
  target: z.enum(['pagerduty', 'alertmanager']),
  sourceId: z.string(),
  sourceName: z.string(),
  status: z.enum(['pending', 'ok', 'failed']),
  /** What happened, in words: "acknowledged in PagerDuty #1043", "PagerDuty ack failed: ...". */
  message: z.string(),
  at: z.string(),
});
export type RemoteOutcome = z.infer<typeof RemoteOutcome>;

export const IncidentSilence = z.object({
  id: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string(),
  createdBy: z.string(),
  state: z.enum(['pending', 'active', 'expired']),
});
export type IncidentSilence = z.infer<typeof IncidentSilence>;

/** What a silence would match, asked from Alertmanager itself before it is created. */
export const SilencePreview = z.object({
  incidentId: z.string(),
  /** The matchers, as Alertmanager writes them: `alertname="X"`, `service="y"`. */
  matchers: z.array(z.string()),
  /** The name the silence will carry as its author. */
  createdBy: z.string(),
  /** The display name is still the default: ask for the person's name before silencing. */
  needsName: z.boolean(),
  targets: z.array(
    z.object({
      sourceId: z.string(),
      sourceName: z.string(),
      /** Every alert the silence would match there (at most 50 listed; `total` counts all). */
      alerts: z.array(
        z.object({
          fingerprint: z.string(),
          labels: z.record(z.string(), z.string()),
          state: z.string(),
          inIncident: z.boolean(),
        }),
      ),
      total: z.number().int(),
      outside: z.number().int(),
      /** Why this Alertmanager could not be asked, or null. */
      error: z.string().nullable(),
    }),
  ),
  /** Alerts matched that are not this incident's, over every target: confirm before silencing them. */
  outside: z.number().int(),
});
export type SilencePreview = z.infer<typeof SilencePreview>;

export const IncidentContext = z.object({
  incidentId: z.string(),
  fetchedAt: z.string(),
  /** Every source reporting it, with how many of its signals. */
  sources: z.array(
    z.object({
      sourceId: z.string(),
      sourceName: z.string(),
      kind: SourceKind,
      signals: z.number().int(),
      stale: z.boolean(),
    }),
  ),
  /** The PagerDuty incidents linked to it, as PagerDuty last reported them. */
  pagerDuty: z.array(
    z.object({
      sourceId: z.string(),
      sourceName: z.string(),
      id: z.string(),
      number: z.string().nullable(),
      status: z.string(),
      url: z.string().nullable(),
      assignees: z.array(z.string()),
      acknowledgedBy: z.array(z.string()),
      urgency: z.string().nullable(),
      escalationPolicy: z.string().nullable(),
    }),
  ),
  /** Who is on call now for the linked PagerDuty incidents' escalation policies. */
  onCall: z.array(
    z.object({
      escalationPolicy: z.string(),
      level: z.number().int(),
      user: z.string(),
      until: z.string().nullable(),
    }),
  ),
  /** Deploys and other change events for the service around the start, newest first. */
  changes: z.array(
    z.object({
      at: z.string(),
      summary: z.string(),
      source: z.string().nullable(),
      url: z.string().nullable(),
      /** Minutes from the change to the incident's start; negative when it came after. */
      minutesBefore: z.number(),
    }),
  ),
  silences: z.array(IncidentSilence),
  /** Whether a silence can be set, and if not why not, in words. */
  silence: z.object({ possible: z.boolean(), why: z.string() }),
  /** The last outcome of each call made elsewhere for this incident. */
  remote: z.array(RemoteOutcome),
  /** What could not be fetched, in words; the rest is still shown. */
  problems: z.array(z.string()),
});
export type IncidentContext = z.infer<typeof IncidentContext>;

export const workspaceRequests = {
  /** The alert's value against its threshold and its sparkline; `refresh` takes a fresh capture. */
  'incident:evidence': {
    input: z.strictObject({
      id: IncidentId,
      refresh: z.boolean().optional(),
      /** The person clicked "Run the alert's expression": an expression no listed rule has may run. */
      runAlertExpression: z.boolean().optional(),
    }),
    output: IncidentEvidence,
  },
  'incident:context': { input: z.strictObject({ id: IncidentId }), output: IncidentContext },
  /** Silences the incident's alerts in the Alertmanager(s) that report it. */
  'incident:silence': {
    input: z.strictObject({
      id: IncidentId,
      minutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
      comment: Reason.min(1, 'say why: Alertmanager requires a comment'),
      /**
       * How many alerts outside the incident the person saw in the preview and agreed to silence;
       * the silence is refused when Alertmanager now reports more than that.
       */
      allowOutside: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.array(IncidentSilence),
  },
  /** Every alert a silence of this incident would match, from Alertmanager, before it is set. */
  'incident:silence-preview': { input: z.strictObject({ id: IncidentId }), output: SilencePreview },
  'incident:unsilence': {
    input: z.strictObject({ id: IncidentId, silenceId: z.string().min(1).max(200) }),
    output: z.array(IncidentSilence),
  },
  /** Raises the severity by hand; the reason is required. */
  'incident:escalate': {
    input: z.strictObject({ id: IncidentId, severity: Severity, reason: Reason.min(1, 'say why') }),
    output: Incident,
  },
  /** A P2/P3 judgment call: declare it an incident, or take that back. */
  'incident:declare': {
    input: z.strictObject({ id: IncidentId, declared: z.boolean(), reason: Reason.optional() }),
    output: Incident,
  },
} as const;

export const workspaceEvents = {
  /** A remote call (PagerDuty ack, Alertmanager silence) started, succeeded or failed. */
  'incident:remote': RemoteOutcome,
} as const;
