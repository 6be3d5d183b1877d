import { z } from 'zod';

/**
 * The fields of PagerDuty REST v2 replies that Vigil reads, validated at the edge. Objects are
 * not strict: PagerDuty adds fields often, and a new one must not take the source down.
 *
 * Where the live API sends `null` although the OpenAPI spec says string or object, the schema
 * accepts null too (`nullish`): an incident's `priority` when none is set, and an on-call's
 * `start`, `end` and `schedule` when the on-call is permanent (a user named directly on an
 * escalation rule). Optional reference fields are nullish for the same reason.
 */

export const PdReference = z.object({
  id: z.string(),
  type: z.string(),
  summary: z.string().nullish(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
});
export type PdReference = z.infer<typeof PdReference>;

export const PdIncidentStatus = z.enum(['triggered', 'acknowledged', 'resolved']);
export type PdIncidentStatus = z.infer<typeof PdIncidentStatus>;

export const PdIncident = z.object({
  id: z.string(),
  incident_number: z.number().int(),
  title: z.string(),
  status: PdIncidentStatus,
  // Only "high" and "low" today; kept open so a new urgency does not reject the whole page.
  urgency: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  last_status_change_at: z.string().nullish(),
  html_url: z.string(),
  incident_key: z.string().nullish(),
  service: PdReference,
  escalation_policy: PdReference.nullish(),
  assignments: z
    .array(z.object({ at: z.string().nullish(), assignee: PdReference }))
    .nullish()
    .transform((a) => a ?? []),
  acknowledgements: z
    .array(z.object({ at: z.string().nullish(), acknowledger: PdReference }))
    .nullish()
    .transform((a) => a ?? []),
  priority: PdReference.extend({ name: z.string().nullish() }).nullish(),
  teams: z
    .array(PdReference)
    .nullish()
    .transform((t) => t ?? []),
});
export type PdIncident = z.infer<typeof PdIncident>;

export const PdLogEntry = z.object({
  id: z.string(),
  type: z.string(),
  summary: z.string().nullish(),
  created_at: z.string(),
  html_url: z.string().nullish(),
  agent: PdReference.nullish(),
  channel: z.object({ type: z.string() }).nullish(),
  note: z.string().nullish(),
});
export type PdLogEntry = z.infer<typeof PdLogEntry>;

/** An incident note (GET/POST /incidents/{id}/notes). `user` is a bot for notes left by rules. */
export const PdNote = z.object({
  id: z.string(),
  user: PdReference.nullish(),
  content: z.string(),
  created_at: z.string(),
});
export type PdNote = z.infer<typeof PdNote>;
export const PdNotesReply = z.object({ notes: z.array(PdNote) });
export const PdNoteReply = z.object({ note: PdNote });

export const PdOnCall = z.object({
  user: PdReference,
  escalation_policy: PdReference,
  escalation_level: z.number().int(),
  schedule: PdReference.nullish(),
  start: z.string().nullish(),
  end: z.string().nullish(),
});
export type PdOnCall = z.infer<typeof PdOnCall>;

export const PdChangeEvent = z.object({
  id: z.string(),
  summary: z.string().nullish(),
  timestamp: z.string(),
  services: z
    .array(PdReference)
    .nullish()
    .transform((s) => s ?? []),
  source: z.string().nullish(),
  links: z
    .array(z.object({ href: z.string().nullish(), text: z.string().nullish() }))
    .nullish()
    .transform((l) => l ?? []),
  custom_details: z.record(z.string(), z.unknown()).nullish(),
});
export type PdChangeEvent = z.infer<typeof PdChangeEvent>;

export const PdUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  time_zone: z.string().nullish(),
  html_url: z.string().nullish(),
});
export type PdUser = z.infer<typeof PdUser>;

/** Classic pagination envelope; `total` is null unless `total=true` was asked for. */
export const PdPage = z.object({
  limit: z.number().int().nullish(),
  offset: z.number().int().nullish(),
  more: z.boolean().nullish(),
  total: z.number().int().nullish(),
});

export const PdIncidentReply = z.object({ incident: PdIncident });
export const PdUserReply = z.object({ user: PdUser });
