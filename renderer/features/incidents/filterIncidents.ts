import type { Incident, IncidentState } from '../../../shared/domain/incident';
import type { Severity } from '../../../shared/domain/severity';
import type { SourceKind } from '../../../shared/domain/signal';

export interface IncidentFilter {
  /** Empty = all. */
  severities: Severity[];
  sources: SourceKind[];
  states: IncidentState[];
  /** Free text: every word must appear in the title, summary, reason, service or a label value. */
  text: string;
}

export const emptyFilter: IncidentFilter = { severities: [], sources: [], states: [], text: '' };

export function isFilterActive(f: IncidentFilter): boolean {
  return f.severities.length + f.sources.length + f.states.length > 0 || f.text.trim() !== '';
}

/** Lower-cased text an incident is searched by; cached per incident object (incidents are immutable). */
const haystacks = new WeakMap<Incident, string>();
function haystackOf(i: Incident): string {
  let h = haystacks.get(i);
  if (h === undefined) {
    const labelValues = i.signals.flatMap((s) => Object.values(s.labels));
    h = [i.title, i.summary ?? '', i.classification.reason, ...labelValues].join('\n').toLowerCase();
    haystacks.set(i, h);
  }
  return h;
}

export function filterIncidents(list: readonly Incident[], f: IncidentFilter): readonly Incident[] {
  if (!isFilterActive(f)) return list;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter(
    (i) =>
      (f.severities.length === 0 || f.severities.includes(i.severity)) &&
      (f.states.length === 0 || f.states.includes(i.state)) &&
      (f.sources.length === 0 || i.sourceKinds.some((k) => f.sources.includes(k))) &&
      (words.length === 0 || words.every((w) => haystackOf(i).includes(w))),
  );
}
