import type { Incident, IncidentPhase } from '../domain/incident';
import type { TimelineEvent } from '../domain/timeline';
import { draft, stampEvents, stateOf, type EventDraft } from './incidentLifecycle';
import type { IncidentsState } from './reconcileIncidents';
import { copyInSlices, ITEMS_PER_PAUSE, runAtOnce } from './slices';
import { formatCount } from '../domain/formatCount';

/**
 * What became of an incident the engine offered for a notification:
 * - `page` / `quiet`: a notification for it was handed to the OS (on its own or in a summary);
 * - `none`: its routing keeps it in Vigil only, so it is decided and not offered again.
 * Incidents held back (quiet hours, pause, a failing notifier) are not recorded: they stay due.
 */
export interface NotificationOutcome {
  incidentId: string;
  how: 'page' | 'quiet' | 'none';
  /** Set when it went out inside a summary of this many incidents. */
  summaryOf?: number;
}

export interface RecordedNotifications {
  state: IncidentsState;
  changed: Incident[];
  events: TimelineEvent[];
}

/**
 * Writes what was actually sent into the incidents: "paged" or "notified quietly" on the timeline,
 * the notified phase, `notifiedAt`, the severity notified for (so only a rise notifies again) and
 * the key's cooldown. Called after the notifier took the notification, never before.
 */
export function recordNotifications(
  prev: IncidentsState,
  outcomes: readonly NotificationOutcome[],
  now: number,
): RecordedNotifications {
  return runAtOnce(recordNotificationsInSlices(prev, outcomes, now));
}

/**
 * The same, pausing while it copies the state's maps (an entry per incident: 20,000 in a storm)
 * and every ITEMS_PER_PAUSE outcomes.
 * Like reconcileInSlices, nothing outside changes until it returns: a caller whose state changed
 * meanwhile records again from its current state (recordNotifications, at once).
 */
export function* recordNotificationsInSlices(
  prev: IncidentsState,
  outcomes: readonly NotificationOutcome[],
  now: number,
): Generator<void, RecordedNotifications, void> {
  if (outcomes.length === 0) return { state: prev, changed: [], events: [] };
  const nowIso = new Date(now).toISOString();
  const incidents = yield* copyInSlices(prev.incidents);
  const lastNotifiedAt = yield* copyInSlices(prev.lastNotifiedAt);
  const changed: Incident[] = [];
  const events: TimelineEvent[] = [];
  let n = 0;
  for (const o of outcomes) {
    // A storm's first poll records 20,000 outcomes.
    if (++n % ITEMS_PER_PAUSE === 0) yield;
    const inc = incidents.get(o.incidentId);
    if (!inc || inc.state === 'resolved') continue;
    const before = inc.notifiedSeverity ?? null;
    if (o.how === 'none') {
      if (before === inc.severity) continue;
      const next = { ...inc, notifiedSeverity: inc.severity, revision: (inc.revision ?? 0) + 1, updatedAt: nowIso };
      incidents.set(next.id, next);
      changed.push(next);
      continue;
    }
    const verb = o.how === 'page' ? 'paged' : 'notified quietly';
    const inSummary = o.summaryOf ? ` (in a summary of ${formatCount(o.summaryOf)} incidents)` : '';
    // A severity routed to Vigil only was decided, not notified: the first real one is not "again".
    const text =
      before === null || !inc.notifiedAt
        ? `${verb}: ${inc.severity} ${inc.title}${inSummary}`
        : `${verb} again: now ${inc.severity} (was ${before})${inSummary}`;
    const drafts: EventDraft[] = [draft('notified', text, { severity: inc.severity, how: o.how })];
    const phase = inc.phase ?? 'detected';
    const nextPhase: IncidentPhase = phase === 'detected' ? 'notified' : phase;
    const next: Incident = {
      ...inc,
      phase: nextPhase,
      state: stateOf(nextPhase, inc.silence),
      notifiedAt: inc.notifiedAt ?? nowIso,
      notifiedSeverity: inc.severity,
      cooldownUntil: null,
      revision: (inc.revision ?? 0) + 1,
      updatedAt: nowIso,
    };
    incidents.set(next.id, next);
    changed.push(next);
    events.push(...stampEvents(next, nowIso, drafts));
    lastNotifiedAt.set(inc.key, now);
  }
  return { state: { ...prev, incidents, lastNotifiedAt }, changed, events };
}
