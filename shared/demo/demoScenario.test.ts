import { describe, expect, it } from 'vitest';
import text from '../../resources/demo/ml-serving-incident.yaml?raw';
import shipped from '../../resources/classification.yaml?raw';
import { parseClassificationConfig } from '../classify/classificationConfig';
import { emptyIncidentsState } from '../incidents/reconcileIncidents';
import { notifyingStep } from '../testing/notifyingStep';
import { demoSignalsAt, parseDemoScenario, scenarioLength } from './demoScenario';

const cfg = parseClassificationConfig(shipped);
if (!cfg.ok) throw new Error('bad shipped config');

describe('the shipped demo scenario', () => {
  const scenario = parseDemoScenario(text);
  const start = Date.parse('2026-11-24T22:41:00Z');

  it('replays latency rising to P1, then errors to P0, then recovery', () => {
    let state = emptyIncidentsState();
    const severityOf = (title: string) =>
      [...state.incidents.values()].find((i) => i.title === title && i.state !== 'resolved')?.severity;
    const seen: Record<number, Record<string, string | undefined>> = {};
    const paged: string[] = [];
    const quiet: string[] = [];
    const inhibitedBy: string[] = [];
    for (let t = 0; t <= scenarioLength(scenario); t += 5) {
      const r = notifyingStep(state, demoSignalsAt(scenario, 'demo', start, t, 1), start + t * 1000, {
        classification: cfg.config,
      });
      state = r.state;
      paged.push(...r.notify.map((i) => i.title));
      quiet.push(...r.quiet.map((i) => i.title));
      inhibitedBy.push(...r.events.filter((e) => e.kind === 'inhibited').map((e) => String(e.data.by)));
      seen[t] = { lat: severityOf('FraudModelHighLatency'), err: severityOf('FraudModelHighErrorRate') };
    }
    expect(seen[0]).toEqual({ lat: 'P2', err: undefined });
    expect(seen[40]!.err).toBe('P1');
    expect(seen[60]!.err).toBe('P0');
    expect(seen[70]!.lat).toBe('P1');
    expect(seen[190]).toEqual({ lat: 'P2', err: undefined });
    // Errors page at P1 (2.1%, the alert's critical label), again when they rise to P0; the
    // P2s (latency, drift, GPU memory) notify quietly, and the latency's rise to P1 is muted by that P0 on the same
    // service (inhibition), so it never pages.
    expect(paged).toEqual(['FraudModelHighErrorRate', 'FraudModelHighErrorRate']);
    expect(quiet).toEqual(['FraudModelHighLatency', 'PredictionDriftHigh', 'GPUOOMRisk']);
    const latency = [...state.incidents.values()].find((i) => i.title === 'FraudModelHighLatency')!;
    const errors = [...state.incidents.values()].find((i) => i.title === 'FraudModelHighErrorRate')!;
    expect(latency.notifiedSeverity).toBe('P2');
    expect(inhibitedBy).toContain(errors.id);
    const resolved = [...state.incidents.values()].filter((i) => i.state === 'resolved').map((i) => i.title);
    expect(resolved.sort()).toEqual(['FraudModelHighErrorRate', 'FraudModelHighLatency', 'GPUOOMRisk']);
  });
});
