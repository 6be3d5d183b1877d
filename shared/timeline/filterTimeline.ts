import type { TimelineEventKind } from '../domain/timeline';
import type { TimelineEntry } from './buildTimeline';

/** The filter chips of the timeline pane: a few groups a person thinks in, not 30 kinds. */
export type TimelineKindGroup = 'lifecycle' | 'severity' | 'notifications' | 'sources' | 'runbook' | 'notes' | 'other';

/*
 * Not a Record over every kind on purpose: the engine's owner adds kinds, and a new one should
 * show up (under 'other') rather than break their build. Runbook kinds are matched by prefix.
 */
const GROUP_OF: Partial<Record<TimelineEventKind, TimelineKindGroup>> = {
  'first-symptom': 'lifecycle',
  fired: 'lifecycle',
  refired: 'lifecycle',
  declared: 'lifecycle',
  acknowledged: 'lifecycle',
  mitigated: 'lifecycle',
  resolved: 'lifecycle',
  'update-posted': 'lifecycle',
  'severity-changed': 'severity',
  escalated: 'severity',
  notified: 'notifications',
  'notification-suppressed': 'notifications',
  inhibited: 'notifications',
  uninhibited: 'notifications',
  silenced: 'notifications',
  unsilenced: 'notifications',
  'source-merged': 'sources',
  'alerts-changed': 'sources',
  stale: 'sources',
  fresh: 'sources',
  'pagerduty-log-entry': 'sources',
  note: 'notes',
};

export function kindGroup(kind: TimelineEventKind): TimelineKindGroup {
  if (kind.startsWith('runbook-')) return 'runbook';
  return GROUP_OF[kind] ?? 'other';
}

export interface TimelineFilter {
  /** Keep entries of these kinds (or of these groups); both empty or absent = every kind. */
  kinds?: readonly TimelineEventKind[];
  groups?: readonly TimelineKindGroup[];
  starredOnly?: boolean;
  milestonesOnly?: boolean;
  /** Case-insensitive substring of the text or the actor. */
  text?: string;
}

/** The entries the pane shows for a filter, in the view's (chronological) order. */
export function filterTimeline(entries: readonly TimelineEntry[], filter: TimelineFilter): TimelineEntry[] {
  const kinds = new Set(filter.kinds ?? []);
  const groups = new Set(filter.groups ?? []);
  const anyKind = kinds.size === 0 && groups.size === 0;
  const needle = filter.text?.trim().toLowerCase() ?? '';
  return entries.filter((e) => {
    if (!anyKind && !kinds.has(e.kind) && !groups.has(kindGroup(e.kind))) return false;
    if (filter.starredOnly && !e.starred) return false;
    if (filter.milestonesOnly && e.milestones.length === 0) return false;
    if (needle && !e.text.toLowerCase().includes(needle) && !e.actor.toLowerCase().includes(needle)) return false;
    return true;
  });
}
