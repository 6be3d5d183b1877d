import { z } from 'zod';
import { IncidentIdSchema } from './incidentIdSchema';
import { SeverityPolicy } from '../classify/classificationConfig';
import { Incident } from '../domain/incident';
import { TimelineEvent } from '../domain/timeline';

/**
 * Incident actions, timeline pushes and the severity policies: the incident part of the contract.
 * The timeline as a person sees it (`timeline:list`) is in postmortemContract.ts with its annotations.
 */

const IncidentId = IncidentIdSchema;
const Note = z.string().trim().max(2000);

export const incidentRequests = {
  /** Stops the ack clock, reminders and escalation. */
  'incident:ack': { input: z.strictObject({ id: IncidentId, note: Note.optional() }), output: Incident },
  /** The impact is stopped (rollback, traffic shifted) though the cause may remain. */
  'incident:mitigate': { input: z.strictObject({ id: IncidentId, note: Note.optional() }), output: Incident },
  'incident:resolve': { input: z.strictObject({ id: IncidentId, note: Note.optional() }), output: Incident },
  /** A status update was posted; restarts the update SLA clock. */
  'incident:post-update': { input: z.strictObject({ id: IncidentId, text: Note.min(1) }), output: Incident },
  /** The severity policies (SLAs, notify routing) the renderer needs for SLA countdowns. */
  'classification:policies': {
    input: z.strictObject({}),
    output: z.object({ P0: SeverityPolicy, P1: SeverityPolicy, P2: SeverityPolicy, P3: SeverityPolicy }),
  },
} as const;

/**
 * Desktop notifications, watched like a source: ok; failing since a time (the OS notifier refused
 * or no notification server answers); held (the system holds notifications back: dunst paused,
 * GNOME do-not-disturb); off (VIGIL_NOTIFY=off); checking (the start-up self-test is running).
 */
export const NotifierHealth = z.object({
  status: z.enum(['checking', 'ok', 'failing', 'held', 'off']),
  /** ISO time the status began. */
  since: z.string(),
  /** What is wrong and what follows, in words; null when ok. */
  message: z.string().nullable(),
});
export type NotifierHealth = z.infer<typeof NotifierHealth>;

export const incidentEvents = {
  /** Desktop notifications' health changed. */
  'notifications:health': NotifierHealth,
  'timeline:appended': z.object({ events: z.array(TimelineEvent) }),
  /** Problems found while running (a file that could not be saved...), the whole current list. */
  'app:notices': z.array(z.string()),
  /** The user clicked a desktop notification: show this incident. */
  'notify:clicked': z.object({ incidentId: z.string() }),
} as const;
