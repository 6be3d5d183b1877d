import { describe, expect, it } from 'vitest';
import { labelFingerprint } from '../../shared/incidents/groupKey';
import { createLabelSetMemory, pickKeyLabel } from './labelSetMemory';
import { toSignals, type PrometheusAlertsData } from './prometheusAlerts';

type Alert = PrometheusAlertsData['data']['alerts'][number];

const alert = (labels: Record<string, string>, over: Partial<Alert> = {}): Alert => ({
  labels,
  annotations: {},
  state: 'firing',
  activeAt: '2026-12-07T05:00:00.123456789Z',
  value: '7.2e-02',
  ...over,
});
const reply = (alerts: Alert[]): PrometheusAlertsData => ({ status: 'success', data: { alerts } });
/** A new parse of the same reply: new objects with the same text, as every poll brings. */
const again = (alerts: Alert[]) => reply(JSON.parse(JSON.stringify(alerts)) as Alert[]);

function seeded(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

describe('labelSetMemory: a poll finds the label sets of the polls before', () => {
  it('gives every alert the id labelFingerprint gives, poll after poll, while label sets come and go', () => {
    const pick = seeded(7);
    const memory = createLabelSetMemory('prom');
    const wrong: string[] = [];
    for (let poll = 0; poll < 30; poll++) {
      const alerts: Alert[] = [];
      for (let i = 0; i < 400; i++) {
        const labels: Record<string, string> = { alertname: `Alert${pick(5)}`, instance: `node-${pick(300)}:9100` };
        // Sometimes another label, a changed value, the names out of order, or many alerts on one pod.
        if (pick(4) === 0) labels.pod = `pod-${pick(3)}`;
        if (pick(10) === 0) labels.severity = pick(2) ? 'warning' : 'critical';
        const sent = pick(8) === 0 ? Object.fromEntries(Object.entries(labels).reverse()) : labels;
        alerts.push(alert(sent));
      }
      for (const s of toSignals('prom', again(alerts), memory)) {
        if (s.id !== `prom/${labelFingerprint(s.labels)}` || s.fingerprint !== labelFingerprint(s.labels)) {
          wrong.push(`poll ${poll}: ${JSON.stringify(s.labels)} as ${s.id}`);
        }
      }
      const parsed = again(alerts).data.alerts;
      const signals = toSignals('prom', reply(parsed), memory);
      signals.forEach((s, i) => {
        if (JSON.stringify(s.labels) !== JSON.stringify(parsed[i]!.labels)) wrong.push(`labels of ${s.id} differ`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('hands an alert the first poll’s labels, frozen, so later polls share one object per alert', () => {
    const memory = createLabelSetMemory('prom');
    const alerts = [alert({ alertname: 'A', pod: 'p1' }), alert({ alertname: 'A', pod: 'p2' })];
    const first = toSignals('prom', again(alerts), memory);
    const second = toSignals('prom', again(alerts), memory);
    expect(second.map((s) => s.labels)).toEqual(first.map((s) => s.labels));
    expect(second[0]!.labels).toBe(first[0]!.labels);
    expect(second[1]!.labels).toBe(first[1]!.labels);
    expect(Object.isFrozen(first[0]!.labels)).toBe(true);
    // One label more is another alert: its own id, its own object.
    const third = toSignals('prom', again([alert({ alertname: 'A', pod: 'p1', severity: 'critical' })]), memory);
    expect(third[0]!.labels).not.toBe(first[0]!.labels);
    expect(third[0]!.id).not.toBe(first[0]!.id);
  });

  it('reads an alert’s start and value again each poll: only the labels are remembered', () => {
    const memory = createLabelSetMemory('prom');
    const labels = { alertname: 'A', pod: 'p1' };
    toSignals('prom', again([alert(labels)]), memory);
    const [s] = toSignals(
      'prom',
      again([alert(labels, { activeAt: '2026-12-07T05:10:00.5Z', value: '9.1e-01' })]),
      memory,
    );
    expect(s).toMatchObject({ activeAt: '2026-12-07T05:10:00.500Z', value: 0.91 });
    const [gone] = toSignals('prom', again([alert(labels, { activeAt: '0001-01-01T00:00:00Z' })]), memory);
    expect(gone!.activeAt).toBeNull();
  });

  it('stays correct when hundreds of alerts share the value it looks them up by', () => {
    const memory = createLabelSetMemory('prom');
    // Distinct by `path` only in most of the reply, but the sample sees `pod` as most distinct.
    const alerts = Array.from({ length: 300 }, (_, i) =>
      alert(i < 64 ? { alertname: 'A', pod: `pod-${i}` } : { alertname: 'A', pod: 'pod-0', path: `/p${i}` }),
    );
    for (let poll = 0; poll < 3; poll++) {
      const signals = toSignals('prom', again(alerts), memory);
      expect(new Set(signals.map((s) => s.id)).size).toBe(300);
      for (const s of signals) expect(s.fingerprint).toBe(labelFingerprint(s.labels));
    }
  });

  it('forgets alerts that stopped being reported, holding at most about three polls’ worth', () => {
    const memory = createLabelSetMemory('prom');
    for (let poll = 0; poll < 50; poll++) {
      // 1,000 alerts a poll, every one new: a storm that moves from host to host.
      const alerts = Array.from({ length: 1000 }, (_, i) => alert({ alertname: 'A', instance: `h${poll}-${i}` }));
      toSignals('prom', reply(alerts), memory);
      expect(memory.remembered()).toBeLessThanOrEqual(3000);
    }
    toSignals('prom', reply([]), memory);
    toSignals('prom', reply([alert({ alertname: 'A', instance: 'x' })]), memory);
    expect(memory.remembered()).toBeLessThanOrEqual(200);
  });
});

describe('pickKeyLabel', () => {
  const sample = (n: number, labels: (i: number) => Record<string, string>) =>
    Array.from({ length: n }, (_, i) => ({ labels: labels(i) }));

  it('picks the label with the most distinct values', () => {
    const alerts = sample(500, (i) => ({ alertname: `A${i % 3}`, job: 'node', instance: `h${i}` }));
    expect(pickKeyLabel(alerts, null)).toBe('instance');
  });

  it('keeps the current label while another is only as distinct, so the memory is not emptied', () => {
    const alerts = sample(500, (i) => ({ pod: `p${i}`, service: `s${i}` }));
    expect(pickKeyLabel(alerts, 'service')).toBe('service');
    expect(pickKeyLabel(alerts, 'pod')).toBe('pod');
    expect(
      pickKeyLabel(
        sample(500, (i) => ({ pod: `p${i}`, service: 's' })),
        'service',
      ),
    ).toBe('pod');
  });
});
