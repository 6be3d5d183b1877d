import type { Incident } from '../domain/incident';

/**
 * An incident for tests: open, P2 (its classification agreeing), from Prometheus, no signals,
 * started, detected and updated `at` (resolved then too when `over` says resolved), with `over`
 * on top. Each test states only what it is about.
 */
export function testIncident(id: string, over: Partial<Incident> = {}, at = '2026-12-06T07:00:00.000Z'): Incident {
  const severity = over.severity ?? 'P2';
  return {
    id,
    key: id,
    title: `Alert ${id}`,
    summary: null,
    severity,
    classification: { severity, ruleId: 'r', reason: 'r' },
    state: 'open',
    startedAt: at,
    detectedAt: at,
    updatedAt: at,
    resolvedAt: over.state === 'resolved' ? at : null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [],
    ...over,
  };
}

/** testIncident with one firing Prometheus alert whose value is `value`. */
export function testAlertIncident(id: string, value: number, over: Partial<Incident> = {}): Incident {
  const at = '2026-12-06T07:00:00.000Z';
  return testIncident(id, {
    signals: [
      {
        id: `prom/${id}`,
        sourceId: 'prom',
        sourceKind: 'prometheus',
        fingerprint: id,
        name: 'HighErrorRate',
        labels: { alertname: 'HighErrorRate', service: id },
        annotations: {},
        state: 'firing',
        activeAt: at,
        value,
        generatorURL: null,
        stale: false,
      },
    ],
    ...over,
  });
}
