import { SEVERITIES } from '../../../shared/domain/severity';
import type { SourceHealth } from '../../../shared/domain/sourceHealth';
import { notifierHealthText } from '../../../shared/notify/notifierHealthText';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useAppStore } from '../../store/appSlice';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { useSourcesStore } from '../../store/sourcesSlice';
import { formatCount } from '../../../shared/domain/formatCount';

/** Open counts by severity and every source's health, always in view. */
export function TopBar() {
  const active = useIncidentsStore((s) => s.summary.active);
  const health = useSourcesStore((s) => s.health);
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const notifications = useAppStore((s) => s.info?.notifications);
  // Silenced incidents still fire but wait on their silence: they are not what needs someone now.
  const anyActive = SEVERITIES.some((sev) => active[sev] > 0);
  return (
    <header className="topbar">
      <span className="brand">Vigil</span>
      <span className="counts" aria-label="Open incidents by severity">
        {SEVERITIES.map((sev) => {
          const n = active[sev];
          return n ? (
            <button
              key={sev}
              type="button"
              className="count"
              title={`Show only ${sev} incidents`}
              onClick={() => {
                useFiltersStore.getState().onlySeverity(sev);
                setView('incidents');
              }}
            >
              <SeverityBadge severity={sev} /> <span className="num">{formatCount(n)}</span>
            </button>
          ) : null;
        })}
        {!anyActive && <span className="muted">no open incidents</span>}
      </span>
      <span className="spacer" />
      <span className="health-summary" aria-label="Source health">
        {notifications && notifications.status !== 'ok' && (
          <span
            className={`health-dot health-notifier-${notifications.status}`}
            data-testid="notifier-health"
            title={notifierHealthText(notifications)}
          >
            {notifications.status === 'failing'
              ? 'Desktop notifications failing'
              : notifications.status === 'held'
                ? 'Notifications held by the system'
                : notifications.status === 'off'
                  ? 'Desktop notifications off'
                  : 'Checking notifications'}
          </span>
        )}
        {health.map((h) => (
          <span key={h.sourceId} className={`health-dot health-${h.status}`} title={healthTitle(h)}>
            {h.name} {h.status === 'ok' ? 'ok' : h.status}
            {h.heartbeat?.stopped.length ? <span className="heartbeat-stopped"> heartbeat stopped</span> : null}
            {h.requestBudget && (
              <span className="budget num" title={`PagerDuty requests left in this window (${h.name})`}>
                {' '}
                PD {h.requestBudget.remaining}/{h.requestBudget.limit}
              </span>
            )}
          </span>
        ))}
      </span>
      <nav className="views" aria-label="Views">
        {(
          [
            ['incidents', 'Incidents'],
            ['sources', 'Sources'],
            ['runbooks', 'Runbooks'],
            ['insights', 'Insights'],
            ['postmortems', 'Post-mortems'],
            ['settings', 'Settings'],
          ] as const
        ).map(([v, label]) => (
          <button
            key={v}
            type="button"
            className="link-button"
            aria-current={view === v ? 'page' : undefined}
            onClick={() => setView(v)}
          >
            {label}
          </button>
        ))}
        <kbd className="palette-hint" title="Command palette">
          Ctrl-K
        </kbd>
      </nav>
    </header>
  );
}

function healthTitle(h: SourceHealth): string {
  const beat = h.heartbeat;
  const heartbeat = beat
    ? beat.stopped.length
      ? ` · heartbeat ${beat.stopped.map((s) => s.name).join(', ')} stopped`
      : ` · heartbeat OK (${beat.ok.join(', ')})`
    : '';
  return `${h.message ?? `${h.name}: ok`}${heartbeat}`;
}
