import type { Incident } from '../../shared/domain/incident';
import { severityRank, type Severity } from '../../shared/domain/severity';

/**
 * What the window shows about the whole list beside the list itself: the top bar's counts, the
 * tab's title and favicon, the alarm's urgent set and the filter's source kinds. One pass per
 * applied diff, kept in the store: computed by each consumer, the same 20,000 incidents were
 * walked about ten times per update during a storm (and the title's selector again on every
 * store change, each j/k press included).
 */
export interface IncidentsSummary {
  /** Firing and not silenced (open or acknowledged), by severity: the top bar's counts. */
  active: Record<Severity, number>;
  /** Not acknowledged yet: the tab's count. */
  unacknowledged: number;
  /** The title of the first unacknowledged incident in list order. */
  firstUnacknowledgedTitle: string;
  /** The most severe incident not resolved (silenced and acknowledged included), or null. */
  topSeverity: Severity | null;
  /** Unacknowledged P0s and P1s, in list order: what the desktop pages for. */
  urgent: readonly Incident[];
  /** The source kinds present, sorted, as "a,b". */
  kinds: string;
}

export function summarizeIncidents(ordered: readonly Incident[]): IncidentsSummary {
  const active: Record<Severity, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  const urgent: Incident[] = [];
  const kinds = new Set<string>();
  // Nearly every incident has the kinds of the one before it: a string check instead of a Set's.
  let lastKinds: readonly string[] | null = null;
  let unacknowledged = 0;
  let firstUnacknowledgedTitle = '';
  let topSeverity: Severity | null = null;
  for (const i of ordered) {
    const sk = i.sourceKinds;
    if (lastKinds === null || sk.length !== 1 || lastKinds.length !== 1 || sk[0] !== lastKinds[0]) {
      for (const k of sk) kinds.add(k);
      lastKinds = sk;
    }
    if (i.state === 'resolved') continue;
    if (topSeverity === null || severityRank(i.severity) < severityRank(topSeverity)) topSeverity = i.severity;
    if (i.state === 'silenced') continue;
    active[i.severity]++;
    if (i.state !== 'open') continue;
    if (unacknowledged++ === 0) firstUnacknowledgedTitle = i.title;
    if (i.severity === 'P0' || i.severity === 'P1') urgent.push(i);
  }
  return { active, unacknowledged, firstUnacknowledgedTitle, topSeverity, urgent, kinds: [...kinds].sort().join(',') };
}
