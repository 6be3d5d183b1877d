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

/**
 * The haystacks of a whole list, by position: built once per list (the read model changes with a
 * poll, not with a keystroke), so a keystroke over 10,000 incidents is a loop of string searches
 * without a cache lookup per incident.
 */
const listHaystacks = new WeakMap<readonly Incident[], string[]>();
function haystacksOf(list: readonly Incident[]): string[] {
  let h = listHaystacks.get(list);
  if (h === undefined) {
    h = list.map(haystackOf);
    listHaystacks.set(list, h);
  }
  return h;
}

/**
 * Builds what text search needs ahead of the first keystroke, while `timeLeft()` (the browser's
 * idle deadline) allows; true once done, false to be called again. In slices: after a storm's
 * drift all 20,000 incidents are new objects, and building their text in one go was a 200 ms task
 * that held the next frame.
 */
export function prepareTextSearch(list: readonly Incident[], timeLeft: () => number): boolean {
  if (listHaystacks.has(list)) return true;
  let n = prepared.get(list) ?? 0;
  while (n < list.length) {
    // A check of the clock every 64 incidents: each costs a few microseconds.
    for (const end = Math.min(list.length, n + 64); n < end; n++) haystackOf(list[n]!);
    if (n < list.length && timeLeft() < 1) {
      prepared.set(list, n);
      return false;
    }
  }
  haystacksOf(list);
  return true;
}

/** How far prepareTextSearch got through a list. */
const prepared = new WeakMap<readonly Incident[], number>();

/**
 * True when every incident `next` lets through, `previous` let through too: only the text
 * changed, by typing on at its end (each word of the old text is then inside a word of the new).
 * Filtering the previous result is then enough, and it shrinks with every letter.
 */
export function narrows(previous: IncidentFilter, next: IncidentFilter): boolean {
  return (
    previous.severities === next.severities &&
    previous.sources === next.sources &&
    previous.states === next.states &&
    next.text.toLowerCase().startsWith(previous.text.toLowerCase())
  );
}

export function filterIncidents(list: readonly Incident[], f: IncidentFilter): readonly Incident[] {
  if (!isFilterActive(f)) return list;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = words.length ? haystacksOf(list) : null;
  const anySeverity = f.severities.length === 0;
  const anyState = f.states.length === 0;
  const anySource = f.sources.length === 0;
  const kept: Incident[] = [];
  // A plain loop: this runs per keystroke over up to 10,000 incidents.
  next: for (let n = 0; n < list.length; n++) {
    const i = list[n]!;
    if (!anySeverity && !f.severities.includes(i.severity)) continue;
    if (!anyState && !f.states.includes(i.state)) continue;
    if (!anySource && !i.sourceKinds.some((k) => f.sources.includes(k))) continue;
    if (hay) {
      const h = hay[n]!;
      for (const w of words) if (!h.includes(w)) continue next;
    }
    kept.push(i);
  }
  // Everything still matches (the first letters typed): the same list, so what is built from it can be reused.
  return kept.length === list.length ? list : kept;
}
