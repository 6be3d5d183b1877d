import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { draft, stampEvents } from '../../shared/incidents/incidentLifecycle';
import type { IncidentsState } from '../../shared/incidents/reconcileIncidents';
import { recordNotifications, recordNotificationsInSlices } from '../../shared/incidents/recordNotifications';
import { decideNotificationsInSlices, type NotificationSettings } from '../../shared/notify/notificationPolicy';
import type { Notifier } from '../notify/desktopNotifier';

export interface NotificationStepOptions {
  notifier: Notifier;
  notificationSettings: () => NotificationSettings;
  /** Minutes since local midnight, for quiet hours. */
  localMinutes: (now: number) => number;
  /** Records a problem the user must see (a notification the system refused). */
  notice: (message: string) => void;
  /** Appends what went out to the notification log. */
  sent: (record: { at: string; incidentIds: string[]; kind: string; page: boolean }) => void;
}

export interface NotificationStep {
  /**
   * The notification step of a commit: the policy decides (decideNotification), the notifier is
   * handed what goes out, and only then is "paged" / "notified quietly" written
   * (recordNotifications). `state` is read afresh after each pause, since a person's action may
   * come between two; the state returned is the one to keep, taken in the same turn.
   */
  run(
    fresh: readonly Incident[],
    t: number,
    state: () => IncidentsState,
  ): Generator<void, { state: IncidentsState; changed: Incident[]; events: TimelineEvent[] }, void>;
  /** The incident left memory: nothing is remembered of it any more. */
  forget(incidentId: string): void;
}

/**
 * Notifications for the incident service: what is sent, held back or muted at each step, with
 * what it remembers between steps (when each incident was last notified, and why one is held
 * back now, so the timeline says it once, not every poll).
 */
export function createNotificationStep(opts: NotificationStepOptions): NotificationStep {
  const lastNotified = new Map<string, number>();
  const heldBack = new Map<string, string>();

  function* run(
    fresh: readonly Incident[],
    t: number,
    state: () => IncidentsState,
  ): Generator<void, { state: IncidentsState; changed: Incident[]; events: TimelineEvent[] }, void> {
    const decision = yield* decideNotificationsInSlices({
      fresh,
      all: state().incidents.values(),
      lastNotified,
      settings: opts.notificationSettings(),
      now: t,
      localMinutes: opts.localMinutes(t),
    });
    const at = new Date(t).toISOString();
    const events: TimelineEvent[] = [];
    const holdBack = (incidentId: string, why: string) => {
      const inc = state().incidents.get(incidentId);
      if (!inc || heldBack.get(incidentId) === why) return;
      heldBack.set(incidentId, why);
      events.push(...stampReminder(inc, at, 'notification-suppressed', `notification held back: ${why}`));
    };
    const handed = new Set<string>();
    // A notifier known to fail (self-test, or its last notification refused) is not trusted with a
    // page: the incident stays due, the timeline says why, and the window's alarm takes over.
    const notifier = opts.notifier.health?.();
    for (const n of decision.send) {
      // Acknowledged (or resolved) by a person while the decision paused: no reminder for it.
      if (n.kind === 'reminder' && state().incidents.get(n.incidentId)?.state !== 'open') continue;
      if (notifier?.status === 'failing') {
        for (const id of n.incidentIds)
          holdBack(id, `desktop notifications are failing: ${notifier.message ?? 'unknown cause'}`);
        continue;
      }
      try {
        opts.notifier.send(n);
      } catch (err) {
        const why = `the desktop notification could not be handed to the system (${(err as Error).message})`;
        opts.notice(`Desktop notification failed: ${(err as Error).message}`);
        for (const id of n.incidentIds) holdBack(id, why);
        continue;
      }
      for (const id of n.incidentIds) {
        handed.add(id);
        heldBack.delete(id);
        lastNotified.set(id, t);
      }
      opts.sent({ at, incidentIds: n.incidentIds, kind: n.kind, page: n.urgency === 'critical' });
      if (n.kind === 'reminder') {
        const inc = state().incidents.get(n.incidentId);
        if (inc) events.push(...stampReminder(inc, at, 'notified', `reminder sent: still unacknowledged`));
      }
    }
    for (const m of decision.muted) holdBack(m.incidentId, m.why);
    const outcomes = decision.decided.filter((d) => d.how === 'none' || handed.has(d.incidentId));
    const from = state();
    let recorded = yield* recordNotificationsInSlices(from, outcomes, t);
    // A person's action came between the slices: recorded again from the current state, at once.
    if (state() !== from) recorded = recordNotifications(state(), outcomes, t);
    return { state: recorded.state, changed: recorded.changed, events: [...recorded.events, ...events] };
  }

  return {
    run,
    forget(incidentId) {
      heldBack.delete(incidentId);
      lastNotified.delete(incidentId);
    },
  };
}

/** Policy events are not engine steps: their ids carry the time so they never collide. */
function stampReminder(inc: Incident, at: string, kind: 'notified' | 'notification-suppressed', text: string) {
  return stampEvents({ ...inc, revision: Date.parse(at) }, at, [draft(kind, text, { policy: true })]).map((e) => ({
    ...e,
    id: `${e.id}-${kind}`,
  }));
}
