import type { Incident } from '../../../shared/domain/incident';
import { filterIncidents, type IncidentFilter } from './filterIncidents';

/** The list's sections, in reading order. Resolved incidents split at local midnight. */
export type SectionId = 'open' | 'acknowledged' | 'silenced' | 'resolved-today' | 'resolved-earlier';
export const SECTION_IDS: readonly SectionId[] = [
  'open',
  'acknowledged',
  'silenced',
  'resolved-today',
  'resolved-earlier',
];
export const SECTION_TITLE: Record<SectionId, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  silenced: 'Silenced in Alertmanager',
  'resolved-today': 'Resolved today',
  'resolved-earlier': 'Resolved earlier',
};

export interface SectionHeader {
  header: SectionId;
  count: number;
  collapsed: boolean;
}

/** A row is a section header or an incident itself (no wrapper object per incident). */
export type ListRow = SectionHeader | Incident;
export const isHeader = (row: ListRow): row is SectionHeader => 'header' in row;

export interface IncidentListModel {
  /** Every incident the filter lets through, sorted (collapsed sections included). */
  matching: readonly Incident[];
  /** Rows the list draws: a header per non-empty section, then its incidents unless folded. */
  rows: readonly ListRow[];
  /** The incidents j/k move through: those of unfolded sections, in row order. */
  navigable: readonly Incident[];
  counts: Record<SectionId, number>;
}

export function sectionOf(incident: Incident, startOfTodayIso: string): SectionId {
  if (incident.state === 'open') return 'open';
  if (incident.state === 'acknowledged') return 'acknowledged';
  if (incident.state === 'silenced') return 'silenced';
  // ISO 8601 UTC timestamps compare as text: no Date.parse for thousands of resolved incidents.
  return (incident.resolvedAt ?? '') >= startOfTodayIso ? 'resolved-today' : 'resolved-earlier';
}

/**
 * The list as drawn: filtered, cut into sections, folded ones reduced to their header. The sorted
 * read model already orders open, acknowledged, then resolved newest first, so each section is
 * one contiguous run: after the filter's pass, one pass finds the runs and the rows are built from
 * slices. This runs on every filter keystroke over up to 10,000 incidents, so it allocates nothing
 * per incident.
 */
export function buildIncidentListModel(
  ordered: readonly Incident[],
  filter: IncidentFilter,
  collapsed: Readonly<Partial<Record<SectionId, boolean>>>,
  startOfToday: number,
): IncidentListModel {
  return sectionRows(filterIncidents(ordered, filter), collapsed, startOfToday);
}

/** The sections and rows of an already filtered list (see buildIncidentListModel). */
export function sectionRows(
  matching: readonly Incident[],
  collapsed: Readonly<Partial<Record<SectionId, boolean>>>,
  startOfToday: number,
): IncidentListModel {
  const todayIso = new Date(startOfToday).toISOString();
  const counts: Record<SectionId, number> = {
    open: 0,
    acknowledged: 0,
    silenced: 0,
    'resolved-today': 0,
    'resolved-earlier': 0,
  };
  const runs: { section: SectionId; from: number; to: number }[] = [];
  for (let i = 0; i < matching.length; i++) {
    const section = sectionOf(matching[i]!, todayIso);
    counts[section]++;
    const run = runs[runs.length - 1];
    if (run && run.section === section) run.to = i + 1;
    else runs.push({ section, from: i, to: i + 1 });
  }
  let rows: ListRow[] = [];
  let navigable: Incident[] = [];
  let folded = false;
  for (const run of runs) {
    const isCollapsed = Boolean(collapsed[run.section]);
    rows.push({ header: run.section, count: counts[run.section], collapsed: isCollapsed });
    if (isCollapsed) {
      folded = true;
      continue;
    }
    const slice = matching.slice(run.from, run.to);
    rows = rows.concat(slice);
    navigable = navigable.concat(slice);
  }
  return { matching, rows, navigable: folded ? navigable : matching, counts };
}

/** Local midnight of the day `now` falls in. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
