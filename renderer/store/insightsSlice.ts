import { create } from 'zustand';
import type { PeriodDays } from '../../shared/ipc/insightsContract';

export type InsightsTab = 'metrics' | 'fatigue' | 'handoff';
export type MetricsGrouping = 'type' | 'alertname' | 'service' | 'severity';

/**
 * What the insights view is set to: the tab, the period and grouping, the shift length. Kept
 * here (not in the panels) so leaving the view and coming back, or a palette command, lands on
 * the same choice. The reports themselves are fetched fresh each time: history grows.
 */
interface InsightsSlice {
  tab: InsightsTab;
  days: PeriodDays;
  groupBy: MetricsGrouping;
  /** The group whose charts are shown; null = all incidents. */
  chartGroup: string | null;
  shiftHours: number;
  setTab(tab: InsightsTab): void;
  setDays(days: PeriodDays): void;
  setGroupBy(groupBy: MetricsGrouping): void;
  setChartGroup(key: string | null): void;
  setShiftHours(hours: number): void;
}

export const useInsightsStore = create<InsightsSlice>((set) => ({
  tab: 'metrics',
  days: 30,
  groupBy: 'type',
  chartGroup: null,
  shiftHours: 12,
  setTab: (tab) => set({ tab }),
  setDays: (days) => set({ days }),
  setGroupBy: (groupBy) => set({ groupBy, chartGroup: null }),
  setChartGroup: (chartGroup) => set({ chartGroup }),
  setShiftHours: (shiftHours) => set({ shiftHours }),
}));
