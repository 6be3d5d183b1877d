import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { alert, MIN, seenBy, T0 } from '../../shared/testing/signalFixtures';
import type { AlertmanagerSource, SilenceRequest } from '../sources/alertmanager/alertmanagerSource';
import { ACK_SILENCE_MS, createAckSilences } from './ackSilences';
import { createWorkspaceRecorder } from './workspaceRecorder';

const incident = {
  id: 'inc-1',
  title: 'TeamSharedCanary',
  state: 'acknowledged',
  groupLabels: { alertname: 'TeamSharedCanary', service: 'team-canary' },
  signals: [seenBy(alert('TeamSharedCanary', 1, { service: 'team-canary' }), 'alertmanager')],
} as unknown as Incident;

function build(dir: string, clock: { t: number }, requests: SilenceRequest[], expired: string[]) {
  const am = {
    client: { url: 'http://am' },
    silence: async (r: SilenceRequest) => {
      requests.push(r);
      return `s${requests.length}`;
    },
    expireSilence: async (id: string) => {
      expired.push(id);
    },
  } as unknown as AlertmanagerSource;
  const recorder = createWorkspaceRecorder({
    now: () => clock.t,
    actor: () => 'Ada',
    recordEvents: () => {},
    emit: () => {},
    redact: (v) => v,
    log: () => {},
  });
  const acks = createAckSilences({
    incidentDir: (id) => join(dir, id),
    sources: { alertmanager: () => am, sharesAcks: () => true, nameOf: () => 'Alertmanager cluster' },
    get: () => incident,
    now: () => clock.t,
    actor: () => 'Ada',
    notice: () => {},
    recorder,
  });
  return { acks, recorder };
}

describe('ack silences across a restart', () => {
  it("an acknowledged incident's ack silence set before a restart is renewed after it, and expired at resolve", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-acks-'));
    const clock = { t: T0 };
    const requests: SilenceRequest[] = [];
    const expired: string[] = [];
    const before = build(dir, clock, requests, expired);
    before.acks.ack(incident, 'on it');
    await before.recorder.idle();
    expect(requests.map((r) => r.comment)).toEqual(['ACK by Ada: on it']);

    // Vigil restarts; six minutes later the silence is near its end.
    const after = build(dir, clock, requests, expired);
    clock.t += ACK_SILENCE_MS - 4 * MIN;
    await after.acks.renew();
    expect(requests).toHaveLength(1); // not known yet: nothing said the incident is acknowledged
    after.acks.seen(incident);
    await after.acks.renew();
    expect(requests.map((r) => r.comment)).toEqual(['ACK by Ada: on it', 'ACK by Ada: on it']);
    expect(expired).toEqual(['s1']);

    after.acks.resolved({ ...incident, state: 'resolved' });
    await after.recorder.idle();
    expect(expired).toEqual(['s1', 's2']);
  });

  it('an ack given while only Prometheus reported the alert is shared once Alertmanager reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-acks-'));
    const clock = { t: T0 };
    const requests: SilenceRequest[] = [];
    const { acks, recorder } = build(dir, clock, requests, []);
    const prom = seenBy(alert('TeamSharedCanary', 1, { service: 'team-canary' }), 'prometheus');
    const early = { ...incident, acknowledgedAt: new Date(T0).toISOString(), signals: [prom] } as Incident;
    acks.ack(early, 'on it');
    await recorder.idle();
    expect(requests).toHaveLength(0);
    acks.seen({ ...early, signals: [prom, ...incident.signals] });
    await recorder.idle();
    expect(requests.map((r) => r.comment)).toEqual(['ACK by Ada: on it']);
    acks.seen({ ...early, signals: [prom, ...incident.signals] });
    await recorder.idle();
    expect(requests).toHaveLength(1);
  });
});
