import { useInsightsStore, type InsightsTab } from '../../store/insightsSlice';
import { FatiguePanel } from './FatiguePanel';
import { HandoffPanel } from './HandoffPanel';
import { MetricsPanel } from './MetricsPanel';

const TABS: [InsightsTab, string][] = [
  ['metrics', 'Response times'],
  ['fatigue', 'Alert fatigue'],
  ['handoff', 'Shift handoff'],
];

/**
 * On-call insights from the local history: response times against the targets, the weekly
 * alert-fatigue review and the shift handoff. Takes over the centre; Esc gives it back.
 */
export function InsightsView() {
  const tab = useInsightsStore((s) => s.tab);
  return (
    <main className="insights-panel">
      <div className="panel-head">
        <h1>Insights</h1>
        <div className="tabs" role="tablist" aria-label="Insights">
          {TABS.map(([t, label]) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`insights-tab-${t}`}
              aria-selected={t === tab}
              aria-controls="insights-tabpanel"
              className={t === tab ? 'tab on' : 'tab'}
              onClick={() => useInsightsStore.getState().setTab(t)}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="muted small">From the history on this computer; no source needs to answer.</span>
      </div>
      <div id="insights-tabpanel" role="tabpanel" aria-labelledby={`insights-tab-${tab}`}>
        {tab === 'metrics' ? <MetricsPanel /> : tab === 'fatigue' ? <FatiguePanel /> : <HandoffPanel />}
      </div>
    </main>
  );
}
