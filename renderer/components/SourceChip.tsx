import type { SourceKind } from '../../shared/domain/signal';

const LABEL: Record<SourceKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty',
  demo: 'Demo',
};

/** Short forms for dense rows, where three full names would leave no room for the summary. */
const SHORT: Record<SourceKind, string> = {
  prometheus: 'Prom',
  alertmanager: 'AM',
  pagerduty: 'PD',
  demo: 'Demo',
};

export function SourceChip({ kind, short = false }: { kind: SourceKind; short?: boolean }) {
  if (!short || SHORT[kind] === LABEL[kind]) return <span className={`chip chip-${kind}`}>{LABEL[kind]}</span>;
  // The short form is for the eye; screen readers and the tooltip get the full name.
  return (
    <span className={`chip chip-${kind}`} title={LABEL[kind]}>
      <span aria-hidden="true">{SHORT[kind]}</span>
      <span className="visually-hidden">{LABEL[kind]}</span>
    </span>
  );
}
