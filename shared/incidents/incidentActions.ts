import type { Incident } from '../domain/incident';
import type { TimelineEvent } from '../domain/timeline';
import { clockText, draft, phaseOf, stampEvents, stateOf, type EventDraft } from './incidentLifecycle';
import type { IncidentsState } from './reconcileIncidents';

/**
 * What a person does to an incident: acknowledge, mark mitigated, resolve, post a status update.
 * Pure like the engine step: (state, id, now, actor) -> next state and the events to store. Doing
 * the same thing twice is not an error (a double click, two windows): it changes nothing and
 * returns no events. Acting on something that cannot take it says why in words.
 */
export type IncidentActionResult =
  { ok: true; state: IncidentsState; incident: Incident; events: TimelineEvent[] } | { ok: false; error: string };

/** Stops the ack clock and progressive escalation; no more pages for it. */
export function acknowledgeIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  note?: string,
): IncidentActionResult {
  return act(state, id, now, (inc, nowIso) => {
    const phase = phaseOf(inc);
    if (phase === 'resolved') return refuse(inc, 'acknowledge');
    if (phase === 'acknowledged' || phase === 'mitigated') return null;
    return {
      changes: { phase: 'acknowledged', acknowledgedAt: nowIso, acknowledgedBy: actor },
      drafts: [userDraft('acknowledged', `${actor} acknowledged it`, actor, note)],
    };
  });
}

/** The impact is stopped (rollback, traffic shifted) though the cause may remain. Implies an ack. */
export function mitigateIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  note?: string,
): IncidentActionResult {
  return act(state, id, now, (inc, nowIso) => {
    const phase = phaseOf(inc);
    if (phase === 'resolved') return refuse(inc, 'mark as mitigated');
    if (phase === 'mitigated') return null;
    const drafts: EventDraft[] = [];
    if (!inc.acknowledgedAt) drafts.push(userDraft('acknowledged', `${actor} acknowledged it by mitigating`, actor));
    drafts.push(userDraft('mitigated', `${actor} marked it mitigated`, actor, note));
    return {
      changes: {
        phase: 'mitigated',
        mitigatedAt: nowIso,
        acknowledgedAt: inc.acknowledgedAt ?? nowIso,
        acknowledgedBy: inc.acknowledgedBy ?? actor,
      },
      drafts,
    };
  });
}

/**
 * Closes the incident. If its alerts are still firing, the next engine step reopens it (within
 * the flap window, as the same incident) and says so: resolving does not silence an alert.
 */
export function resolveIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  note?: string,
): IncidentActionResult {
  const result = act(state, id, now, (inc, nowIso) => {
    if (phaseOf(inc) === 'resolved') return null;
    const firing = inc.signals.some((s) => s.state === 'firing');
    const text = `${actor} resolved it${firing ? ' (its alerts were still firing)' : ''}`;
    return {
      changes: { phase: 'resolved', resolvedAt: nowIso, resolvedBy: actor, inhibitedBy: null, cooldownUntil: null },
      drafts: [userDraft('resolved', text, actor, note)],
    };
  });
  if (!result.ok || result.events.length === 0) return result;
  // The key is free again: the next signals of it reopen this incident or start a new one.
  const openByKey = new Map(result.state.openByKey);
  const resolvedByKey = new Map(result.state.resolvedByKey);
  if (openByKey.get(result.incident.key) === id) openByKey.delete(result.incident.key);
  resolvedByKey.set(result.incident.key, id);
  return { ...result, state: { ...result.state, openByKey, resolvedByKey } };
}

/** A status update went out (Slack, status page): restarts the update SLA clock. */
export function postIncidentUpdate(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  text: string,
): IncidentActionResult {
  return act(state, id, now, (inc, nowIso) => {
    if (phaseOf(inc) === 'resolved') return refuse(inc, 'post an update to');
    return {
      changes: { lastUpdateAt: nowIso },
      drafts: [draft('update-posted', text.trim() || `${actor} posted an update`, {}, 'user', actor)],
    };
  });
}

/** What an action does to one incident: changes and events, a refusal in words, or null for "nothing to do". */
export type Transition = { changes: Partial<Incident>; drafts: EventDraft[] } | { error: string } | null;

/** Applies one action's transition: the shared bookkeeping (revision, state, event ids) of every action. */
export function act(
  state: IncidentsState,
  id: string,
  now: number,
  transition: (inc: Incident, nowIso: string) => Transition,
): IncidentActionResult {
  const inc = state.incidents.get(id);
  if (!inc) return { ok: false, error: `There is no incident ${id}: it may have been removed; reload the list.` };
  const nowIso = new Date(now).toISOString();
  const t = transition(inc, nowIso);
  if (t === null) return { ok: true, state, incident: inc, events: [] };
  if ('error' in t) return { ok: false, error: t.error };
  const phase = t.changes.phase ?? phaseOf(inc);
  const silence = phase === 'resolved' ? null : (t.changes.silence ?? inc.silence);
  const next: Incident = {
    ...inc,
    ...t.changes,
    phase,
    state: stateOf(phase, silence),
    ...(silence !== inc.silence && { silence }),
    revision: (inc.revision ?? 0) + 1,
    updatedAt: nowIso,
  };
  const incidents = new Map(state.incidents);
  incidents.set(id, next);
  return { ok: true, state: { ...state, incidents }, incident: next, events: stampEvents(next, nowIso, t.drafts) };
}

export function refuse(inc: Incident, verb: string): { error: string } {
  const when = inc.resolvedAt ? ` at ${clockText(Date.parse(inc.resolvedAt))}` : '';
  return { error: `${inc.title} was already resolved${when}: there is nothing to ${verb}.` };
}

function userDraft(kind: 'acknowledged' | 'mitigated' | 'resolved', text: string, actor: string, note?: string) {
  const trimmed = note?.trim();
  return draft(kind, trimmed ? `${text}: ${trimmed}` : text, trimmed ? { note: trimmed } : {}, 'user', actor);
}
