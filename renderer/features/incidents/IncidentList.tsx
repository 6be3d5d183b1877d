import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { incidentSubject } from '../../../shared/domain/alertSubject';
import type { Incident } from '../../../shared/domain/incident';
import { RelativeTime } from '../../components/RelativeTime';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SourceChip } from '../../components/SourceChip';
import { useNow } from '../../components/useNow';
import { nextSla } from '../../components/slaText';
import { useAppStore } from '../../store/appSlice';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { isHeader, SECTION_TITLE } from './incidentListModel';
import { RowPeople } from '../people/PeopleOnIt';
import { useIncidentListModel } from './useVisibleIncidents';
import { SilenceTag } from './SilenceTag';
import './incidentList.css';
import { formatCount } from '../../../shared/domain/formatCount';

const HEADER_H = 30;
const ROW_H = 58;

/**
 * The incident list: open first by severity then age, then acknowledged, resolved today and
 * resolved earlier, each section foldable. Virtualised, so the DOM holds the rows in view (plus a
 * few) whether there are ten incidents or ten thousand. A tree for assistive technology: sections
 * are level-1 items that expand, incidents level-2 items that are selected.
 */
export function IncidentList() {
  const model = useIncidentListModel();
  const { rows } = model;
  const selectedId = useIncidentsStore((s) => s.selectedId);
  const select = useIncidentsStore((s) => s.select);
  const toggleSection = useFiltersStore((s) => s.toggleSection);
  // Ages under a minute show seconds, so tick often enough for them to read true.
  const now = useNow(5_000);
  const scroller = useRef<HTMLDivElement>(null);

  // Keyed by what each row shows, and new with every list: the virtualiser recomputes its layout
  // when the key function changes, not when sizes do. With index keys, an incident that moved to
  // "resolved" (a header and a row trading places, the count unchanged) kept the old heights, and
  // a row was drawn at a header's height.
  const getItemKey = useCallback(
    (i: number) => {
      const row = rows[i]!;
      return isHeader(row) ? `h-${row.header}` : row.id;
    },
    [rows],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (isHeader(rows[i]!) ? HEADER_H : ROW_H),
    getItemKey,
    overscan: 8,
  });

  // Found when the selection or the rows change, not on every render (the clock ticks too).
  const selectedIndex = useMemo(
    () => (selectedId ? rows.findIndex((r) => !isHeader(r) && r.id === selectedId) : -1),
    [rows, selectedId],
  );
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  if (model.matching.length === 0) {
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
      role="tree"
      aria-label="Incidents"
      aria-activedescendant={selectedIndex >= 0 ? `incident-${selectedId}` : undefined}
      tabIndex={0}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          if (isHeader(row)) {
            const title = SECTION_TITLE[row.header];
            return (
              <div
                key={`h-${row.header}`}
                className="list-section"
                style={{ ...ROW_STYLE, height: v.size, transform: `translateY(${v.start}px)` }}
                role="treeitem"
                aria-level={1}
                aria-expanded={!row.collapsed}
                aria-selected={false}
                data-testid="list-section"
                data-section={row.header}
              >
                <button
                  type="button"
                  className="section-toggle"
                  aria-expanded={!row.collapsed}
                  onClick={() => toggleSection(row.header)}
                  title={row.collapsed ? `Show ${title.toLowerCase()}` : `Fold ${title.toLowerCase()} away`}
                >
                  <span className="section-caret" aria-hidden="true">
                    {row.collapsed ? '▸' : '▾'}
                  </span>
                  {title}&nbsp;<span className="num">({formatCount(row.count)})</span>
                </button>
              </div>
            );
          }
          return (
            <IncidentRow
              key={row.id}
              incident={row}
              selected={row.id === selectedId}
              now={now}
              start={v.start}
              size={v.size}
              onSelect={select}
            />
          );
        })}
      </div>
    </div>
  );
}

const ROW_STYLE = { position: 'absolute', top: 0, left: 0, right: 0 } as const;

/** Memoised on plain values, so a keystroke that only moves rows does not re-render unchanged ones. */
const IncidentRow = memo(function IncidentRow({
  incident: inc,
  selected,
  now,
  start,
  size,
  onSelect,
}: {
  incident: Incident;
  selected: boolean;
  now: number;
  start: number;
  size: number;
  onSelect(id: string): void;
}) {
  const style = { ...ROW_STYLE, height: size, transform: `translateY(${start}px)` };
  const service = incidentSubject(inc) ?? '';
  return (
    <div
      id={`incident-${inc.id}`}
      role="treeitem"
      aria-level={2}
      aria-selected={selected}
      data-testid="incident-row"
      data-severity={inc.severity}
      data-stale={inc.stale || undefined}
      className={`incident-row state-${inc.state}${selected ? ' selected' : ''}${inc.stale ? ' stale' : ''}`}
      style={style}
      onClick={() => onSelect(inc.id)}
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
        <RowPeople incident={inc} now={now} />
        {inc.stale && (
          <span className="stale-tag" title="Its source stopped answering: this is the last state seen">
            stale
          </span>
        )}
        <SilenceTag incident={inc} />
        {inc.sourceKinds.map((k) => (
          <SourceChip key={k} kind={k} short />
        ))}
      </div>
    </div>
  );
});

function RowSla({ incident, now }: { incident: Incident; now: number }) {
  const policy = useAppStore((s) => s.policies[incident.severity]);
  const sla = nextSla(incident, policy, now);
  // A silenced incident's clocks are in its detail; the row says what holds it instead.
  if (!sla || incident.silence) return null;
  return <span className={`row-sla num${sla.breached ? ' sla-breached' : ''}`}>{sla.text}</span>;
}
