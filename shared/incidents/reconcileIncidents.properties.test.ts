import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySignal } from '../classify/classifySignal';
import type { Incident } from '../domain/incident';
import { severityRank } from '../domain/severity';
import type { Signal, SourceKind } from '../domain/signal';
import { MIN, shippedConfig, shippedWith, T0 } from '../testing/signalFixtures';
import { emptyIncidentsState, type EngineConfig, type IncidentsState } from './reconcileIncidents';
import { typicalExpr } from '../testing/signalFixtures';
import { notifyingStep } from '../testing/notifyingStep';

const NAMES = [
  'FraudModelHighErrorRate',
  'FraudModelHighLatency',
  'PredictionDriftHigh',
  'FraudModelServingDown',
  'PodCrashLooping',
  'ModelAccuracyDrop',
];
const SERVICES = ['fraud-model', 'churn-model', 'ranker'];
const KINDS: SourceKind[] = ['prometheus', 'alertmanager', 'pagerduty'];

/** A plausible alert from any source; ids are unique per (source, labels), as sources make them. */
const signalArb: fc.Arbitrary<Signal> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    service: fc.constantFrom(...SERVICES),
    pod: fc.integer({ min: 0, max: 4 }),
    kind: fc.constantFrom(...KINDS),
    value: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
    severity: fc.constantFrom('critical', 'warning', 'info', undefined),
    state: fc.constantFrom('firing', 'firing', 'firing', 'pending') as fc.Arbitrary<Signal['state']>,
    stale: fc.boolean(),
    dedupKey: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
    activeMinutesAgo: fc.integer({ min: 0, max: 30 }),
  })
  .map((r) => {
    const labels: Record<string, string> = { alertname: r.name, service: r.service, pod: `p${r.pod}` };
    if (r.severity) labels.severity = r.severity;
    const fp = `${r.name}/${r.service}/${r.pod}`;
    return {
      id: `${r.kind}/${fp}`,
      sourceId: r.kind,
      sourceKind: r.kind,
      fingerprint: fp,
      name: r.name,
      labels,
      annotations: {},
      state: r.state,
      activeAt: new Date(T0 - r.activeMinutesAgo * MIN).toISOString(),
      value: r.value,
      generatorURL: null,
      expr: typicalExpr(r.name),
      stale: r.stale,
      ...(r.dedupKey && { dedupKey: r.dedupKey }),
    };
  });

const stepArb = fc.uniqueArray(signalArb, { selector: (s) => s.id, maxLength: 40 });
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 5 });

/** A permutation of each step, so order independence can be checked with the same signals. */
const shuffledStepsArb = stepsArb.chain((steps) =>
  fc
    .tuple(...steps.map((s) => fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length })))
    .map((shuffled) => ({ steps, shuffled: shuffled as Signal[][] })),
);

function run(steps: readonly Signal[][], config: EngineConfig) {
  let state: IncidentsState = emptyIncidentsState();
  const trace: { state: IncidentsState; notify: string[]; events: unknown[] }[] = [];
  steps.forEach((signals, i) => {
    const r = notifyingStep(state, signals, T0 + i * 2 * MIN, config);
    state = r.state;
    trace.push({ state, notify: r.notify.map((n) => n.id).sort(), events: r.events });
  });
  return { state, trace };
}

const incidentsOf = (state: IncidentsState): Incident[] =>
  [...state.incidents.values()].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('engine properties', () => {
  const config: EngineConfig = { classification: shippedConfig() };

  it('grouping does not depend on the order of the signals', () => {
    fc.assert(
      fc.property(shuffledStepsArb, ({ steps, shuffled }) => {
        const a = run(steps, config);
        const b = run(shuffled, config);
        expect(incidentsOf(b.state)).toEqual(incidentsOf(a.state));
        expect(b.trace.map((t) => [t.notify, t.events])).toEqual(a.trace.map((t) => [t.notify, t.events]));
      }),
      { numRuns: 150 },
    );
  });

  it('replaying the same sequence gives the same incidents, notifications and events', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const a = run(steps, config);
        const b = run(steps, config);
        expect(incidentsOf(b.state)).toEqual(incidentsOf(a.state));
        expect(b.trace.map((t) => [t.notify, t.events])).toEqual(a.trace.map((t) => [t.notify, t.events]));
      }),
      { numRuns: 100 },
    );
  });

  it('every firing signal belongs to exactly one open incident, and open incidents hold nothing else', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const { trace } = run(steps, config);
        trace.forEach(({ state }, i) => {
          const open = [...state.incidents.values()].filter((inc) => inc.state !== 'resolved');
          const holders = new Map<string, number>();
          for (const inc of open) for (const s of inc.signals) holders.set(s.id, (holders.get(s.id) ?? 0) + 1);
          const firing = steps[i]!.filter((s) => s.state === 'firing').map((s) => s.id);
          for (const id of firing) expect(holders.get(id)).toBe(1);
          expect([...holders.keys()].sort()).toEqual([...firing].sort());
          expect(new Set(open.map((inc) => inc.key)).size).toBe(open.length);
          expect(state.openByKey.size).toBe(open.length);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('severity never drops below what any of its signals is rated now', () => {
    // Without the trend rule, classifySignal alone rates a signal exactly as the engine does.
    const noTrend: EngineConfig = {
      classification: shippedWith('version: 1\nrules:\n  - { id: errors-rising, disabled: true }\n'),
    };
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const { trace } = run(steps, noTrend);
        trace.forEach(({ state }, i) => {
          const now = T0 + i * 2 * MIN;
          for (const inc of state.incidents.values()) {
            if (inc.state === 'resolved') continue;
            const best = Math.min(
              ...inc.signals.map((s) => severityRank(classifySignal(s, noTrend.classification, now).severity)),
            );
            expect(severityRank(inc.severity)).toBeLessThanOrEqual(best);
            expect(severityRank(inc.ruleSeverity!)).toBe(best);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never notifies an incident twice for the same severity, nor while muted or stale', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let state = emptyIncidentsState();
        const paged = new Map<string, Set<string>>();
        steps.forEach((signals, i) => {
          const r = notifyingStep(state, signals, T0 + i * 2 * MIN, config);
          state = r.state;
          for (const inc of r.notify) {
            const seen = paged.get(inc.id) ?? new Set();
            expect(seen.has(inc.severity)).toBe(false);
            seen.add(inc.severity);
            paged.set(inc.id, seen);
            expect(inc.inhibitedBy).toBeNull();
            expect(inc.stale).toBe(false);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
