import type { IncidentState } from '../../../shared/domain/incident';
import { SEVERITIES } from '../../../shared/domain/severity';
import type { SourceKind } from '../../../shared/domain/signal';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { isFilterActive } from './filterIncidents';
import { useVisibleIncidents } from './useVisibleIncidents';
import { formatCount } from '../../../shared/domain/formatCount';

const STATES: [IncidentState, string][] = [
  ['open', 'Open'],
  ['acknowledged', 'Acked'],
  ['silenced', 'Silenced'],
  ['resolved', 'Resolved'],
];

const SOURCE_LABEL: Record<SourceKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty',
  demo: 'Demo',
};

/** Free-text search ("/" focuses it) and toggles for severity, state and source. */
export function FilterBar() {
  const filter = useFiltersStore((s) => s.filter);
  const { setText, toggleSeverity, toggleSource, toggleState, clear } = useFiltersStore.getState();
  const total = useIncidentsStore((s) => s.ordered.length);
  const kinds = useIncidentsStore((s) => s.summary.kinds);
  const shown = useVisibleIncidents().length;
  return (
    <div className="filter-bar" role="search">
      <input
        id="incident-search"
        type="search"
        placeholder="Filter incidents  ( / )"
        aria-label="Filter incidents"
        value={filter.text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            (e.target as HTMLInputElement).blur();
          }
        }}
        spellCheck={false}
      />
      <div className="filter-toggles" role="group" aria-label="Show only">
        {SEVERITIES.map((sev) => (
          <button
            key={sev}
            type="button"
            className={`toggle sev-toggle sev-${sev}${filter.severities.includes(sev) ? ' on' : ''}`}
            aria-pressed={filter.severities.includes(sev)}
            onClick={() => toggleSeverity(sev)}
          >
            {sev}
          </button>
        ))}
        <span className="toggle-gap" aria-hidden="true" />
        {STATES.map(([state, label]) => (
          <button
            key={state}
            type="button"
            className={`toggle${filter.states.includes(state) ? ' on' : ''}`}
            aria-pressed={filter.states.includes(state)}
            onClick={() => toggleState(state)}
          >
            {label}
          </button>
        ))}
        <span className="toggle-gap" aria-hidden="true" />
        {kinds
          .split(',')
          .filter(Boolean)
          .map((k) => (
            <button
              key={k}
              type="button"
              className={`toggle${filter.sources.includes(k as SourceKind) ? ' on' : ''}`}
              aria-pressed={filter.sources.includes(k as SourceKind)}
              onClick={() => toggleSource(k as SourceKind)}
            >
              {SOURCE_LABEL[k as SourceKind]}
            </button>
          ))}
        {isFilterActive(filter) && (
          <span className="filter-count num" aria-live="polite">
            {formatCount(shown)} of {formatCount(total)}{' '}
            <button type="button" className="link-button" onClick={clear}>
              clear
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
