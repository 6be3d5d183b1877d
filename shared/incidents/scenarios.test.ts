import { describe, expect, it } from 'vitest';
import { Incident } from '../domain/incident';
import type { Signal } from '../domain/signal';
import { TimelineEvent } from '../domain/timeline';
import { alert, MIN, seenBy, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident } from './incidentActions';
import { emptyIncidentsState, type EngineConfig, type IncidentsState } from './reconcileIncidents';
import { notifyingStep } from '../testing/notifyingStep';

const config: EngineConfig = { classification: shippedConfig() };

/** Replays polls: each entry is (time, signals); collects notifications and events. */
function replay(polls: [number, Signal[]][], start: IncidentsState = emptyIncidentsState()) {
  let state = start;
  const notified: { at: number; incident: Incident }[] = [];
  const events: TimelineEvent[] = [];
  for (const [at, signals] of polls) {
    const r = notifyingStep(state, signals, at, config);
    state = r.state;
    notified.push(...r.notify.map((incident) => ({ at, incident })));
    events.push(...r.events);
  }
  const all = [...state.incidents.values()];
  return { state, notified, events, all, open: all.filter((i) => i.state !== 'resolved') };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('an alert storm on one service', () => {
  it('2,000 alerts from two sources become five incidents and one page', () => {
    const names: [string, number | null, Record<string, string>][] = [
      ['FraudModelHighErrorRate', 0.072, { severity: 'critical' }],
      ['FraudModelHighLatency', 0.8, { severity: 'warning', sla_seconds: '0.5' }],
      ['GPUOOMRisk', 900, { severity: 'warning' }],
      ['PodCrashLooping', 1, { severity: 'critical' }],
      ['FeatureFetchTimeout', 3, { severity: 'critical' }],
    ];
    const storm: Signal[] = [];
    for (let pod = 0; pod < 400; pod++) {
      for (const [name, value, labels] of names) {
        storm.push(alert(name, value, { service: 'fraud-model', pod: `fraud-model-${pod}`, ...labels }));
      }
    }
    expect(storm).toHaveLength(2000);
    // Alertmanager reports the first half too, with the label Prometheus adds on the way.
    const am = storm.slice(0, 1000).map((s) => seenBy(s, 'alertmanager', { prometheus: 'monitoring/k8s' }));
    // The storm arrives over ten polls, a tenth of the pods at a time, every source at once.
    const polls: [number, Signal[]][] = [];
    for (let step = 1; step <= 10; step++) {
      const upTo = step * 200;
      polls.push([T0 + step * 15_000, [...storm.slice(0, upTo), ...am.filter((_, i) => i < upTo)]]);
    }
    const { open, notified, events } = replay(polls);

    expect(open).toHaveLength(5);
    expect(notified.map((n) => n.incident.title)).toEqual(['FraudModelHighErrorRate']);
    const errors = open.find((i) => i.title === 'FraudModelHighErrorRate')!;
    expect(errors).toMatchObject({ severity: 'P0', alertCount: 400, sourceKinds: ['alertmanager', 'prometheus'] });
    expect(errors.signals.length).toBe(600);
    for (const child of open.filter((i) => i.severity === 'P1')) expect(child.inhibitedBy).toBe(errors.id);
    // A handful of events per incident and poll, never one per alert.
    expect(events.length).toBeLessThan(5 * 10 * 4);
  });
});

describe('flapping', () => {
  const down = alert('FraudModelServingDown', 1, { service: 'fraud-model' });

  it('an alert that clears and fires again within the window stays one incident, paged once', () => {
    const polls: [number, Signal[]][] = [];
    for (let cycle = 0; cycle < 6; cycle++) {
      polls.push([T0 + cycle * 4 * MIN, [down]]);
      polls.push([T0 + cycle * 4 * MIN + 2 * MIN, []]);
    }
    const { all, notified, events } = replay(polls);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ flapCount: 5, state: 'resolved', phase: 'resolved' });
    expect(notified).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'refired')).toHaveLength(5);
    expect(events.find((e) => e.kind === 'refired')!.text).toBe(
      'fired again 2 min after it resolved: kept as the same incident (flap 1)',
    );
  });

  it('after the flap window it is a new incident, and within the cooldown it does not page again', () => {
    const { all, notified, events, state } = replay([
      [T0, [down]],
      [T0 + MIN, []],
      [T0 + 12 * MIN, [down]],
      [T0 + 20 * MIN, [down]],
    ]);
    expect(all).toHaveLength(2);
    expect(notified.map((n) => n.at)).toEqual([T0]);
    const suppressed = events.filter((e) => e.kind === 'notification-suppressed');
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.text).toBe(
      'not paging again: FraudModelServingDown paged at 22:41 UTC, within the 30 min cooldown (until 23:11 UTC)',
    );
    const second = all.find((i) => i.state === 'open')!;
    expect(second.cooldownUntil).toBe(iso(T0 + 30 * MIN));

    // Still firing when the cooldown ends: now it pages.
    const later = notifyingStep(state, [down], T0 + 30 * MIN, config);
    expect(later.notify.map((i) => i.id)).toEqual([second.id]);
    expect(later.notify[0]!.cooldownUntil).toBeNull();
  });
});

describe('inhibition', () => {
  const p0 = alert('FraudModelServingDown', 1, { service: 'fraud-model', severity: 'critical' });
  const child = alert('PodCrashLooping', 1, { service: 'fraud-model', severity: 'critical' });
  const elsewhere = alert('PodCrashLooping', 1, { service: 'churn-model', severity: 'critical' });

  it('a P0 mutes its service children, records by whom, and lets go when it resolves', () => {
    const r1 = notifyingStep(emptyIncidentsState(), [child, elsewhere, p0], T0, config);
    const byTitle = (list: Incident[], title: string, service: string) =>
      list.find((i) => i.title === title && i.groupLabels?.service === service)!;
    const parent = byTitle(r1.changed, 'FraudModelServingDown', 'fraud-model');
    const muted = byTitle(r1.changed, 'PodCrashLooping', 'fraud-model');
    expect(parent.severity).toBe('P0');
    expect(muted).toMatchObject({ severity: 'P1', inhibitedBy: parent.id, notifiedAt: null });
    expect(r1.notify.map((i) => i.id).sort()).toEqual(
      [parent.id, byTitle(r1.changed, 'PodCrashLooping', 'churn-model').id].sort(),
    );
    expect(r1.events.find((e) => e.kind === 'inhibited')).toMatchObject({
      incidentId: muted.id,
      text: 'notifications muted: P0 FraudModelServingDown is open on fraud-model',
      data: { by: parent.id },
    });

    // Still muted while the P0 is open: no page, no new events.
    const r2 = notifyingStep(r1.state, [child, elsewhere, p0], T0 + MIN, config);
    expect(r2.notify).toEqual([]);
    expect(r2.events).toEqual([]);

    const r3 = notifyingStep(r2.state, [child, elsewhere], T0 + 2 * MIN, config);
    // The engine's events first, then what the notification step sent.
    expect(r3.events.map((e) => [e.incidentId, e.kind])).toEqual([
      [muted.id, 'uninhibited'],
      [parent.id, 'resolved'],
      [muted.id, 'notified'],
    ]);
    expect(r3.notify.map((i) => i.id)).toEqual([muted.id]);
  });
});

describe('progressive escalation under an injected clock', () => {
  const drift = alert('PredictionDriftHigh', 0.15, { model: 'churn-model' });
  const detectedAt = T0 + 7_000;
  // Polls every 15 s starting 7 s after T0: due times fall between polls.
  const polls = (until: number): [number, Signal[]][] => {
    const out: [number, Signal[]][] = [];
    for (let t = detectedAt; t <= until; t += 15_000) out.push([t, [drift]]);
    return out;
  };

  it('P3 becomes P2 at 30 min and P1 at 60 min unacknowledged, each said in words, then pages', () => {
    const { events, notified, open } = replay(polls(detectedAt + 61 * MIN));
    const escalations = events.filter((e) => e.kind === 'escalated');
    expect(escalations.map((e) => [e.at, e.text, e.data.dueAt])).toEqual([
      [
        iso(detectedAt + 30 * MIN),
        'escalated P3 -> P2: unacknowledged for 30 min since detection at 22:41 UTC',
        iso(detectedAt + 30 * MIN),
      ],
      [
        iso(detectedAt + 60 * MIN),
        'escalated P2 -> P1: unacknowledged for 1 h since detection at 22:41 UTC',
        iso(detectedAt + 60 * MIN),
      ],
    ]);
    expect(notified.map((n) => n.at)).toEqual([detectedAt + 60 * MIN]);
    expect(open[0]).toMatchObject({
      severity: 'P1',
      ruleSeverity: 'P3',
      escalatedTo: 'P1',
      classification: {
        ruleId: 'escalation',
        reason: 'escalated to P1: unacknowledged for 1 h (rules say P3: minor drift PSI 0.15 (0.1-0.2))',
        whyNotHigher: null,
      },
      severityReachedAt: { P3: iso(detectedAt), P2: iso(detectedAt + 30 * MIN), P1: iso(detectedAt + 60 * MIN) },
    });
  });

  it('at exactly the due time, not a millisecond before', () => {
    const a = replay([
      [T0, [drift]],
      [T0 + 30 * MIN - 1, [drift]],
    ]);
    expect(a.open[0]!.severity).toBe('P3');
    const b = notifyingStep(a.state, [drift], T0 + 30 * MIN, config);
    expect(b.changed[0]).toMatchObject({
      severity: 'P2',
      classification: { whyNotHigher: 'not P1 yet: escalates to P1 when unacknowledged for 1 h' },
    });
  });

  it('acknowledging stops the climb and keeps what was reached', () => {
    const first = replay(polls(detectedAt + 45 * MIN));
    const id = first.open[0]!.id;
    const acked = acknowledgeIncident(first.state, id, detectedAt + 45 * MIN + 1, 'alice');
    if (!acked.ok) throw new Error(acked.error);
    const later = replay(polls(detectedAt + 90 * MIN).slice(181), acked.state);
    expect(later.open[0]).toMatchObject({ severity: 'P2', phase: 'acknowledged', state: 'acknowledged' });
    expect(later.open[0]!.classification.whyNotHigher).toBe('not P1: acknowledged, so escalation stopped');
    expect(later.notified).toEqual([]);
    expect(later.events.filter((e) => e.kind === 'escalated')).toEqual([]);
  });
});

describe('one problem seen by Prometheus, Alertmanager and PagerDuty', () => {
  const prom = alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model', severity: 'critical' });
  const am = seenBy(prom, 'alertmanager', { prometheus: 'monitoring/k8s' });
  const pdByLabels: Signal = {
    ...seenBy(prom, 'pagerduty'),
    labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
    value: null,
  };

  it('merges into one incident, counts the alert once, and says when a source joins', () => {
    const { open, events } = replay([
      [T0, [prom]],
      [T0 + MIN, [prom, am]],
      [T0 + 2 * MIN, [prom, am, pdByLabels]],
    ]);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      alertCount: 1,
      sourceKinds: ['alertmanager', 'pagerduty', 'prometheus'],
      severity: 'P0',
    });
    expect(events.filter((e) => e.kind === 'source-merged').map((e) => [e.source, e.text])).toEqual([
      ['alertmanager', 'alertmanager reports it too (1 signal)'],
      ['pagerduty', 'pagerduty reports it too (1 signal)'],
    ]);
  });

  it('links a PagerDuty incident by dedup key, and keeps the link after the alert clears', () => {
    const amKeyed = { ...am, dedupKey: 'fraud-errors-1' };
    const pdKeyed: Signal = {
      ...seenBy(prom, 'pagerduty'),
      name: '[FIRING:1] Fraud model error rate exceeds 5%',
      labels: {},
      dedupKey: 'fraud-errors-1',
      value: null,
    };
    const { open, state } = replay([
      [T0, [prom, amKeyed, pdKeyed]],
      [T0 + MIN, [pdKeyed]],
    ]);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      title: 'FraudModelHighErrorRate',
      dedupKeys: ['fraud-errors-1'],
      groupLabels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
    });
    expect(open[0]!.signals.map((s) => s.sourceKind)).toEqual(['pagerduty']);
    expect(state.openByKey.size).toBe(1);
  });

  it('links by dedup key whatever the order of the signals', () => {
    const amKeyed = { ...am, dedupKey: 'k' };
    const pdKeyed: Signal = { ...seenBy(prom, 'pagerduty'), labels: { alertname: 'Other' }, dedupKey: 'k' };
    const a = notifyingStep(emptyIncidentsState(), [pdKeyed, amKeyed, prom], T0, config);
    const b = notifyingStep(emptyIncidentsState(), [prom, amKeyed, pdKeyed], T0, config);
    expect(a.changed).toHaveLength(1);
    expect(a.changed).toEqual(b.changed);
  });
});

describe('quiet steps', () => {
  it('an unchanged poll changes nothing: same objects, no events', () => {
    const s = alert('FraudModelServingDown', 1, { service: 'x' });
    const r1 = notifyingStep(emptyIncidentsState(), [s], T0, config);
    const r2 = notifyingStep(r1.state, [{ ...s, labels: { ...s.labels } }], T0 + 15_000, config);
    expect(r2.changed).toEqual([]);
    expect(r2.events).toEqual([]);
    expect(r2.state.incidents.get(r1.changed[0]!.id)).toBe(r1.state.incidents.get(r1.changed[0]!.id));
  });

  it('says when every source of an incident stops answering, and when it answers again', () => {
    const s = alert('FraudModelServingDown', 1, { service: 'x' });
    const { events } = replay([
      [T0, [s]],
      [T0 + MIN, [{ ...s, stale: true }]],
      [T0 + 2 * MIN, [s]],
    ]);
    expect(events.map((e) => e.kind)).toEqual(['fired', 'notified', 'stale', 'fresh']);
  });

  it('event ids are unique and carry the incident revision', () => {
    const s = alert('PredictionDriftHigh', 0.3, { model: 'm' });
    const { events } = replay([
      [T0, [s]],
      [T0 + MIN, [{ ...s, value: 0.7 }]],
      [T0 + 2 * MIN, []],
    ]);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Recording a notification is a change of its own (a revision), after the step's events.
    expect(events.map((e) => [e.kind, e.id.split('#')[1]])).toEqual([
      ['fired', '1.0'],
      ['notified', '2.0'],
      ['severity-changed', '3.0'],
      ['notified', '4.0'],
      ['resolved', '5.0'],
    ]);
    expect(events[1]!.text).toBe('notified quietly: P2 PredictionDriftHigh');
    expect(events[2]!.text).toBe('severity P2 -> P1: prediction distribution shift PSI 0.7 > 0.5: P1');
    expect(events[3]!.text).toBe('paged again: now P1 (was P2)');
  });
});

describe('what the engine produces fits the contract', () => {
  it('incidents and events parse with their zod schemas unchanged', () => {
    // No severity label: the matrix alone decides (with a warning label the author's P2 would stand).
    const s = alert('PredictionDriftHigh', 0.15, { model: 'm' });
    const pd: Signal = { ...seenBy(s, 'pagerduty'), labels: {}, dedupKey: 'd', value: null };
    const { all, events } = replay([
      [T0, [s, { ...s, id: 'x', dedupKey: 'd' }, pd]],
      [T0 + 31 * MIN, [s]],
      [T0 + 40 * MIN, []],
    ]);
    for (const inc of all) expect(Incident.parse(inc)).toEqual(inc);
    for (const e of events) expect(TimelineEvent.parse(e)).toEqual(e);
    // P3 is routed to Vigil only; escalated to P2 it notifies quietly (default routing).
    expect(events.map((e) => e.kind)).toEqual(['fired', 'escalated', 'notified', 'resolved']);
    expect(events[2]!.text).toBe('notified quietly: P2 PredictionDriftHigh');
    expect(events[0]!.text).toBe('PredictionDriftHigh fired: minor drift PSI 0.15 (0.1-0.2): P3');
  });
});
