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

export const incidentEvents = {
  'timeline:appended': z.object({ events: z.array(TimelineEvent) }),
  /** Problems found while running (a file that could not be saved...), the whole current list. */
  'app:notices': z.array(z.string()),
  /** The user clicked a desktop notification: show this incident. */
  'notify:clicked': z.object({ incidentId: z.string() }),
} as const;
