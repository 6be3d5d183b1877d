import type { SeverityPolicy } from '../classify/classificationConfig';
import type { ManualSeverity } from '../domain/incident';
import { severityRank, type Severity } from '../domain/severity';
import { act, refuse, type IncidentActionResult } from './incidentActions';
import { draft, phaseOf } from './incidentLifecycle';
import { manualClassification } from './manualSeverity';
import type { IncidentsState } from './reconcileIncidents';

/**
 * The judgment calls a person makes on an incident, beside the lifecycle actions and in their
 * style: escalate the severity by hand with a reason, declare or undeclare a P2/P3 incident.
 * Pure: (state, id, now, actor, ...) -> next state and events; repeating one changes nothing.
 */

/** Only the `declare` field of each severity's policy matters here. */
export type DeclarePolicies = Record<Severity, Pick<SeverityPolicy, 'declare'>>;

/**
 * Raises the incident to `to` (more severe than it is now) and keeps it there: later engine steps
 * never go below a person's escalation. The reason is required: it is what the timeline and the
 * post-mortem will say.
 */
export function escalateIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  to: Severity,
  reason: string,
): IncidentActionResult {
  return act(state, id, now, (inc, nowIso) => {
    if (phaseOf(inc) === 'resolved') return refuse(inc, 'escalate');
    const why = reason.trim();
    if (!why) return { error: 'Say why you escalate it: the reason goes on the timeline and into the post-mortem.' };
    if (inc.manualSeverity?.severity === to && inc.severity === to) return null;
    if (severityRank(to) >= severityRank(inc.severity)) {
      return { error: `${inc.title} is already ${inc.severity}: escalating means choosing a more severe level.` };
    }
    const manual: ManualSeverity = { severity: to, by: actor, at: nowIso, reason: why };
    const fromRules = inc.classification.ruleId !== 'manual' && inc.classification.ruleId !== 'escalation';
    const reached = inc.severityReachedAt ?? {};
    return {
      changes: {
        manualSeverity: manual,
        severity: to,
        classification: manualClassification(
          manual,
          inc.ruleSeverity ?? inc.severity,
          fromRules ? inc.classification.reason : null,
        ),
        // The SLA clocks of the new severity start now, as for any other rise.
        severityReachedAt: reached[to] ? reached : { ...reached, [to]: nowIso },
      },
      drafts: [
        draft(
          'escalated',
          `${actor} escalated it ${inc.severity} -> ${to}: ${why}`,
          { from: inc.severity, to, manual: true, reason: why },
          'user',
          actor,
        ),
      ],
    };
  });
}

/**
 * A P2/P3 alert becomes an incident because a person says so (seed 000: "P2 and P3: engineer uses
 * judgment based on business context"). P0/P1 are declared by the matrix and refuse this.
 */
export function declareIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  policies: DeclarePolicies,
  reason?: string,
): IncidentActionResult {
  return judge(state, id, now, actor, policies, true, reason);
}

/** Takes a declaration back: on reflection it is not an incident (the alert stays, and so does its history). */
export function undeclareIncident(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  policies: DeclarePolicies,
  reason?: string,
): IncidentActionResult {
  return judge(state, id, now, actor, policies, false, reason);
}

function judge(
  state: IncidentsState,
  id: string,
  now: number,
  actor: string,
  policies: DeclarePolicies,
  declared: boolean,
  reason: string | undefined,
): IncidentActionResult {
  return act(state, id, now, (inc, nowIso) => {
    if (phaseOf(inc) === 'resolved') return refuse(inc, declared ? 'declare' : 'undeclare');
    if (policies[inc.severity].declare === 'auto') {
      return {
        error: `${inc.severity} incidents are declared automatically by the severity matrix; ${declared ? 'declaring' : 'undeclaring'} is a call for P2 and P3 only.`,
      };
    }
    const current = inc.declaration?.declared ?? false;
    if (current === declared && (declared || inc.declaration)) return null;
    if (!declared && !inc.declaration) {
      return { error: `${inc.title} was never declared: there is nothing to undeclare.` };
    }
    const why = reason?.trim() || null;
    const text = declared
      ? `${actor} declared it a ${inc.severity} incident${why ? `: ${why}` : ''}`
      : `${actor} undeclared it: not an incident${why ? `: ${why}` : ''}`;
    return {
      changes: { declaration: { declared, by: actor, at: nowIso, reason: why } },
      drafts: [
        draft(declared ? 'declared' : 'undeclared', text, { severity: inc.severity, reason: why }, 'user', actor),
      ],
    };
  });
}

/** Whether the incident counts as declared: by the matrix (auto) or by a person's call. */
export function isDeclared(
  incident: { severity: Severity; declaration?: { declared: boolean } | null },
  policies: DeclarePolicies,
): boolean {
  return policies[incident.severity].declare === 'auto' || incident.declaration?.declared === true;
}
