import type { InhibitRule } from '../classify/classificationConfig';
import type { Incident } from '../domain/incident';
import { severityRank } from '../domain/severity';

/**
 * Alertmanager-style inhibition between incidents: an open incident at a rule's `source`
 * severity mutes the notifications of open incidents at its `target` severities whose `equal`
 * labels agree. An incident lacking one of the `equal` labels neither mutes nor is muted, so a
 * P0 without a service label cannot silence every service-less alert. When several incidents
 * could mute, the earliest detected (then lowest id) is named, so the answer is stable.
 */
export function inhibitorsOf(
  open: readonly Incident[],
  rules: readonly InhibitRule[],
): (incident: Incident) => { by: Incident; on: string } | null {
  if (rules.length === 0) return () => null;
  const indexes = rules.map((rule) => {
    const sources = new Map<string, Incident>();
    for (const inc of open) {
      if (inc.severity !== rule.source) continue;
      const tuple = tupleOf(inc, rule.equal);
      if (tuple === null) continue;
      const held = sources.get(tuple);
      if (!held || earlier(inc, held)) sources.set(tuple, inc);
    }
    return { rule, sources };
  });
  return (incident) => {
    for (const { rule, sources } of indexes) {
      if (sources.size === 0 || !rule.targets.includes(incident.severity)) continue;
      if (severityRank(incident.severity) <= severityRank(rule.source)) continue;
      const tuple = tupleOf(incident, rule.equal);
      const by = tuple === null ? undefined : sources.get(tuple);
      if (by && by.id !== incident.id) return { by, on: tuple! };
    }
    return null;
  };
}

/**
 * "fraud-model": the values of the `equal` entries, first alternative present wins. Only values
 * are compared, so an alert labelled service=fraud-model and one labelled model=fraud-model are
 * on the same thing, which is what listing them as alternatives says.
 */
function tupleOf(incident: Incident, equal: readonly string[]): string | null {
  const parts: string[] = [];
  for (const entry of equal) {
    const value = labelOf(incident, entry.split('|'));
    if (value === null) return null;
    parts.push(value);
  }
  return parts.join(', ');
}

function labelOf(incident: Incident, alternatives: string[]): string | null {
  for (const name of alternatives) {
    const fromKey = incident.groupLabels?.[name];
    if (fromKey) return fromKey;
    for (const s of incident.signals) {
      const v = s.labels[name];
      if (v) return v;
    }
  }
  return null;
}

function earlier(a: Incident, b: Incident): boolean {
  const d = Date.parse(a.detectedAt) - Date.parse(b.detectedAt);
  return d < 0 || (d === 0 && a.id < b.id);
}
