import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { Incident, IncidentState } from '../../../shared/domain/incident';
import { RelativeTime } from '../../components/RelativeTime';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SourceChip } from '../../components/SourceChip';
import { useNow } from '../../components/useNow';
import { nextSla } from '../../components/slaText';
import { useAppStore } from '../../store/appSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { useVisibleIncidents } from './useVisibleIncidents';

type Row = { type: 'header'; state: IncidentState; count: number } | { type: 'incident'; incident: Incident };

const SECTION: Record<IncidentState, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const HEADER_H = 30;
const ROW_H = 58;

/** The incident list: open first by severity then age, virtualised so thousands stay smooth. */
export function IncidentList() {
  const ordered = useVisibleIncidents();
  const selectedId = useIncidentsStore((s) => s.selectedId);
  const select = useIncidentsStore((s) => s.select);
  // Ages under a minute show seconds, so tick often enough for them to read true.
  const now = useNow(5_000);
  const scroller = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    const counts: Record<IncidentState, number> = { open: 0, acknowledged: 0, resolved: 0 };
    for (const incident of ordered) counts[incident.state]++;
    const out: Row[] = [];
    let current: IncidentState | null = null;
    for (const incident of ordered) {
      if (incident.state !== current) {
        current = incident.state;
        out.push({ type: 'header', state: current, count: counts[current] });
      }
      out.push({ type: 'incident', incident });
    }
    return out;
  }, [ordered]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]!.type === 'header' ? HEADER_H : ROW_H),
    overscan: 8,
  });

  const selectedIndex = rows.findIndex((r) => r.type === 'incident' && r.incident.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  if (ordered.length === 0) {
    return (
      <p className="list-empty muted" role="status">
        No incident matches the filter.
      </p>
    );
  }

  return (
    <div
      className="incident-list"
      ref={scroller}
      role="listbox"
      aria-label="Incidents"
      aria-activedescendant={selectedId ? `incident-${selectedId}` : undefined}
      tabIndex={0}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          const style = {
            position: 'absolute' as const,
            top: 0,
            left: 0,
            right: 0,
            height: v.size,
            transform: `translateY(${v.start}px)`,
          };
          if (row.type === 'header') {
            return (
              <div key={`h-${row.state}`} className="list-section" style={style} role="presentation">
                {SECTION[row.state]}&nbsp;<span className="num">({row.count})</span>
              </div>
            );
          }
          const inc = row.incident;
          const service = inc.signals[0]?.labels.service ?? inc.signals[0]?.labels.model ?? '';
          return (
            <div
              key={inc.id}
              id={`incident-${inc.id}`}
              role="option"
              aria-selected={inc.id === selectedId}
              data-testid="incident-row"
              data-severity={inc.severity}
              data-stale={inc.stale || undefined}
              className={`incident-row state-${inc.state}${inc.id === selectedId ? ' selected' : ''}${inc.stale ? ' stale' : ''}`}
              style={style}
              onClick={() => select(inc.id)}
            >
              <div className="row-line">
                <SeverityBadge severity={inc.severity} title={inc.classification.reason} />
                <span className="row-title">{inc.title}</span>
                <RowSla incident={inc} now={now} />
                <span className="row-age">
                  {inc.state === 'resolved' && inc.resolvedAt ? (
                    <RelativeTime iso={inc.resolvedAt} now={now} suffix=" ago" />
                  ) : (
                    <RelativeTime iso={inc.startedAt} now={now} />
                  )}
                </span>
              </div>
              <div className="row-line row-sub">
                <span className="row-service">{service}</span>
                <span className="row-summary">{inc.summary ?? inc.classification.reason}</span>
                {inc.stale && (
                  <span className="stale-tag" title="Its source stopped answering: this is the last state seen">
                    stale
                  </span>
                )}
                {inc.sourceKinds.map((k) => (
                  <SourceChip key={k} kind={k} />
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function RowSla({ incident, now }: { incident: Incident; now: number }) {
  const policy = useAppStore((s) => s.policies[incident.severity]);
  const sla = nextSla(incident, policy, now);
  if (!sla) return null;
  return <span className={`row-sla num${sla.breached ? ' sla-breached' : ''}`}>{sla.text}</span>;
}
