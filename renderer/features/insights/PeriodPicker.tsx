import type { PeriodDays } from '../../../shared/ipc/insightsContract';
import { useInsightsStore } from '../../store/insightsSlice';

const PERIODS: PeriodDays[] = [7, 30, 90];

/** Last 7 / 30 / 90 days, shared by the metrics and the fatigue report. */
export function PeriodPicker() {
  const days = useInsightsStore((s) => s.days);
  return (
    <span className="segmented" role="group" aria-label="Period">
      {PERIODS.map((d) => (
        <button
          key={d}
          type="button"
          className={d === days ? 'toggle on' : 'toggle'}
          aria-pressed={d === days}
          onClick={() => useInsightsStore.getState().setDays(d)}
        >
          Last {d} days
        </button>
      ))}
    </span>
  );
}
