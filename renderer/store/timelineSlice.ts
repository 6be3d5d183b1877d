import { create } from 'zustand';
import type { TimelineEvent } from '../../shared/domain/timeline';

interface TimelineSlice {
  /** Events per incident, oldest first; loaded when an incident is opened, then kept up to date. */
  byIncident: Record<string, TimelineEvent[]>;
  problems: Record<string, string[]>;
  load(incidentId: string, events: TimelineEvent[], problems: string[]): void;
  append(events: TimelineEvent[]): void;
}

const byTime = (a: TimelineEvent, b: TimelineEvent) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

export const useTimelineStore = create<TimelineSlice>((set) => ({
  byIncident: {},
  problems: {},
  load: (incidentId, events, problems) =>
    set((s) => ({
      byIncident: { ...s.byIncident, [incidentId]: [...events].sort(byTime) },
      problems: { ...s.problems, [incidentId]: problems },
    })),
  append: (events) =>
    set((s) => {
      const byIncident = { ...s.byIncident };
      for (const e of events) {
        // Only incidents already loaded: others load whole when opened.
        const list = byIncident[e.incidentId];
        if (!list || list.some((x) => x.id === e.id)) continue;
        byIncident[e.incidentId] = [...list, e].sort(byTime);
      }
      return { byIncident };
    }),
}));
