import { SEVERITIES } from '../../../shared/domain/severity';
import type { SourceHealth } from '../../../shared/domain/sourceHealth';
import { notifierHealthText } from '../../../shared/notify/notifierHealthText';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useAppStore } from '../../store/appSlice';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { useSourcesStore } from '../../store/sourcesSlice';
import { formatCount } from '../../../shared/domain/formatCount';
import { formatDuration } from '../../../shared/classify/duration';
import { useMemo } from 'react';
import { useNow } from '../../components/useNow';
import { nearestDeadline } from './nearestDeadline';

/** Open counts by severity and every source's health, always in view. */
export function TopBar() {
  const active = useIncidentsStore((s) => s.summary.active);
  const health = useSourcesStore((s) => s.health);
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const notifications = useAppStore((s) => s.info?.notifications);
  // Silenced incidents still fire but wait on their silence: they are not what needs someone now.
  const anyActive = SEVERITIES.some((sev) => active[sev] > 0);
  // Sources in trouble by name; three or more that are fine as one count, so the bar stays one line.
  const troubled = (h: SourceHealth) => h.status !== 'ok' || Boolean(h.heartbeat?.stopped.length);
  const collapse = health.length > 2 && health.filter((h) => !troubled(h)).length > 1;
  const shown = collapse ? health.filter(troubled) : health;
  const fine = collapse ? health.filter((h) => !troubled(h)) : [];
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
      <NextDeadline />
      <span className="spacer" />
      <span className="health-summary" aria-label="Source health">
        {notifications && notifications.status !== 'ok' && (
          <span
            className={`health-dot health-notifier-${notifications.status}`}
            data-testid="notifier-health"
            title={notifierHealthText(notifications)}
          >
            {/* Short: the tooltip and the alarm below the bar say why and what to do. */}
            {notifications.status === 'failing'
              ? 'Notifications failing'
              : notifications.status === 'held'
                ? 'Notifications held'
                : notifications.status === 'off'
                  ? 'Notifications off'
                  : 'Checking notifications'}
          </span>
        )}
        {shown.map((h) => (
          <span key={h.sourceId} className={`health-dot health-${h.status}`} title={healthTitle(h)}>
            {h.name} {h.status === 'ok' ? 'ok' : h.status}
            {h.heartbeat?.stopped.length ? <span className="heartbeat-stopped"> heartbeat stopped</span> : null}
            <Budget h={h} />
          </span>
        ))}
        {fine.length > 0 && (
          <span className="health-dot health-ok" title={fine.map(healthTitle).join('\n')}>
            {fine.length} sources ok
            {fine.map((h) => (
              <Budget key={h.sourceId} h={h} />
            ))}
          </span>
        )}
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

/** PagerDuty's request budget, always in view (UI.md). */
function Budget({ h }: { h: SourceHealth }) {
  if (!h.requestBudget) return null;
  return (
    <span className="budget num" title={`PagerDuty requests left in this window (${h.name})`}>
      {' '}
      PD {h.requestBudget.remaining}/{h.requestBudget.limit}
    </span>
  );
}

/** The nearest SLA deadline of any incident still being worked: "ack due in 3 min"; a click shows it. */
function NextDeadline() {
  const ordered = useIncidentsStore((s) => s.ordered);
  const policies = useAppStore((s) => s.policies);
  const now = useNow(5_000);
  const next = useMemo(() => nearestDeadline(ordered, policies), [ordered, policies]);
  if (!next) return null;
  const left = next.dueMs - now;
  const what = `${next.kind} ${left >= 0 ? `due in ${formatDuration(left)}` : `overdue ${formatDuration(-left)}`}`;
  return (
    <button
      type="button"
      className={`link-button next-deadline num${left < 0 ? ' sla-breached' : ''}`}
      data-testid="next-deadline"
      title={`${next.incident.severity} ${next.incident.title}: ${what}`}
      onClick={() => {
        useAppStore.getState().setView('incidents');
        useIncidentsStore.getState().select(next.incident.id);
      }}
    >
      {what}
    </button>
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
