import type { SourceKind } from '../../shared/domain/signal';

const LABEL: Record<SourceKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty',
  demo: 'Demo',
};

export function SourceChip({ kind }: { kind: SourceKind }) {
  return <span className={`chip chip-${kind}`}>{LABEL[kind]}</span>;
}
