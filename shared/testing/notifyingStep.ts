import {
  reconcileIncidents,
  type EngineConfig,
  type IncidentsState,
  type ReconcileResult,
  type StepObservations,
} from '../incidents/reconcileIncidents';
import { recordNotifications } from '../incidents/recordNotifications';
import type { Incident } from '../domain/incident';
import {
  decideNotifications,
  defaultNotificationSettings,
  type NotificationSettings,
} from '../notify/notificationPolicy';

export interface NotifyingStepResult extends ReconcileResult {
  /** Incidents paged in this step (sent with urgency "page"), as the desktop would show them. */
  notify: Incident[];
  /** Incidents notified quietly in this step. */
  quiet: Incident[];
}

/**
 * One engine step followed by the notification step the incident service runs: the policy decides
 * (default settings unless given, noon local time) and every notification is taken as handed to
 * the OS, so "paged" is recorded. For tests of the lifecycle as a person sees it.
 */
export function notifyingStep(
  prev: IncidentsState,
  signals: Parameters<typeof reconcileIncidents>[1],
  now: number,
  config: EngineConfig,
  observations: StepObservations = {},
  settings: NotificationSettings = defaultNotificationSettings(),
): NotifyingStepResult {
  const r = reconcileIncidents(prev, signals, now, config, observations);
  const decision = decideNotifications({
    fresh: r.notify,
    all: [...r.state.incidents.values()],
    lastNotified: new Map(),
    settings: { ...settings, renotifyMinutes: { P0: null, P1: null, P2: null, P3: null } },
    now,
    localMinutes: 720,
  });
  const recorded = recordNotifications(r.state, decision.decided, now);
  const byId = new Map<string, Incident>();
  for (const inc of [...r.changed, ...recorded.changed]) byId.set(inc.id, inc);
  const final = (how: 'page' | 'quiet') =>
    decision.decided.filter((d) => d.how === how).map((d) => recorded.state.incidents.get(d.incidentId)!);
  return {
    state: recorded.state,
    changed: [...byId.values()],
    // Those the notification step replaced are not in it: they are compared in full.
    valuesOnly: r.valuesOnly,
    events: [...r.events, ...recorded.events],
    notify: final('page'),
    quiet: final('quiet'),
  };
}
