import { z } from 'zod';

/**
 * The points of an incident's life a post-mortem is built around (seed 001's timeline list).
 * `acknowledged` is not in the seed's list but MTTA needs it, so it is a milestone like the rest.
 * The order is the usual order of an incident; the timeline sorts by time, not by this.
 */
export const MILESTONES = [
  'first-symptom',
  'detected',
  'declared',
  'acknowledged',
  'root-cause',
  'mitigated',
  'resolved',
] as const;
export const Milestone = z.enum(MILESTONES);
export type Milestone = z.infer<typeof Milestone>;

/** How a milestone reads in the pane, the post-mortem and the reports. */
export const MILESTONE_LABEL: Record<Milestone, string> = {
  'first-symptom': 'first symptom',
  detected: 'detected',
  declared: 'declared',
  acknowledged: 'acknowledged',
  'root-cause': 'root cause identified',
  mitigated: 'mitigated',
  resolved: 'resolved',
};

/** The milestone a label names (case-insensitive), for parsing the Markdown back; null if none. */
export function milestoneFromLabel(label: string): Milestone | null {
  const wanted = label.trim().toLowerCase();
  for (const m of MILESTONES) if (MILESTONE_LABEL[m] === wanted) return m;
  return null;
}
