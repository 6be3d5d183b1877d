import { describe, expect, it } from 'vitest';
import { PrometheusAlertsReply } from './prometheusAlerts';
import { readPrometheusAlerts } from './readPrometheusAlerts';

const alert = (over: Record<string, unknown> = {}) => ({
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
  annotations: { summary: 'error ratio above 5%' },
  state: 'firing',
  activeAt: '2026-12-04T20:00:00Z',
  value: '7.2e-02',
  ...over,
});
const reply = (alerts: unknown[]) => ({ status: 'success', data: { alerts } });

describe('readPrometheusAlerts: the hand-written check agrees with the schema', () => {
  it('reads what the schema reads, to the same data (defaults and unknown fields included)', () => {
    const body = reply([
      alert(),
      alert({ annotations: undefined, extra: 1, value: undefined }),
      alert({ state: 'pending' }),
      alert({ keepFiringSince: '2026-12-04T20:05:00Z' }),
    ]);
    const r = readPrometheusAlerts(body);
    expect(r).toEqual({ ok: true, data: PrometheusAlertsReply.parse(body) });
    // toEqual passes over undefined fields; the unknown ones must be gone, not undefined.
    if (r.ok)
      expect(r.data.data.alerts.map((a) => Object.keys(a).filter((k) => !(k in alert())))).toEqual([[], [], [], []]);
  });

  it.each([
    ['a reply that failed', { status: 'error', data: { alerts: [] } }, /^status: expected "success"/],
    ['no alerts array', { status: 'success', data: {} }, /^data\.alerts: expected an array/],
    ['a label that is not text', reply([alert(), alert({ labels: { a: 1 } })]), /^data\.alerts\[1\]\.labels:/],
    ['an unknown state', reply([alert({ state: 'on' })]), /^data\.alerts\[0\]\.state:/],
    ['a number value', reply([alert({ value: 0.07 })]), /^data\.alerts\[0\]\.value: expected a string/],
    ['annotations as a list', reply([alert({ annotations: ['x'] })]), /^data\.alerts\[0\]\.annotations:/],
  ])('refuses %s, naming where, as the schema does', (_what, body, error) => {
    expect(PrometheusAlertsReply.safeParse(body).success).toBe(false);
    const r = readPrometheusAlerts(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});
