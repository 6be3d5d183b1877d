import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertmanagerClient, matchersForLabels } from '../../electron/sources/alertmanager/alertmanagerClient';
import { createAlertmanagerSource } from '../../electron/sources/alertmanager/alertmanagerSource';
import { describeFetchError } from '../../electron/sources/describeFetchError';
import { deadPort, startFaultServer } from './faultServer';

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => (server = await startFaultServer()));
afterAll(() => server.close());

const silence = {
  matchers: matchersForLabels({ alertname: 'FraudModelHighErrorRate', service: 'fraud-model' }),
  durationMs: 3_600_000,
  comment: 'rolling back v2.4.1',
  createdBy: 'you',
};

/** What the user would read for a failed call: the same wording the sources use. */
async function failureOf(p: Promise<unknown>, url: string): Promise<string> {
  try {
    await p;
  } catch (err) {
    return describeFetchError('Alertmanager', url, err, 2000).message + ' | ' + (err as Error).message;
  }
  throw new Error('the call did not fail');
}

describe('faults: Alertmanager', () => {
  it('Alertmanager down: listing alerts says the connection was refused', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const am = createAlertmanagerClient({ url, timeoutMs: 2000 });
    expect(await failureOf(am.listAlerts(), url)).toMatch(/refused the connection/);
  });

  it('Alertmanager goes down mid-silence: creating the silence fails in words, nothing is pretended', async () => {
    // The silence form was filled while Alertmanager answered; by the time it is sent, it is gone.
    server.set((_q, res) => {
      res.destroy();
    });
    const am = createAlertmanagerClient({ url: server.url, timeoutMs: 2000 });
    expect(await failureOf(am.createSilence(silence), server.url)).toMatch(
      /closed the connection|could not be reached/,
    );
  });

  it('Alertmanager behind a login page: HTML is reported as not the API', async () => {
    server.set((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>SSO</html>');
    });
    const am = createAlertmanagerClient({ url: server.url, timeoutMs: 2000 });
    expect(await failureOf(am.listSilences(), server.url)).toMatch(/HTML/);
  });

  it('a silence without a comment is refused before anything is sent', async () => {
    let hits = 0;
    server.set((_q, res) => {
      hits++;
      res.end('{}');
    });
    const am = createAlertmanagerClient({ url: server.url, timeoutMs: 2000 });
    await expect(am.createSilence({ ...silence, comment: ' ' })).rejects.toThrow(/needs a comment/);
    expect(hits).toBe(0);
  });

  it('a malformed alert among 300 is named by its place and field; a reply that is not a list is refused', async () => {
    const alert = (i: number) => ({
      fingerprint: `fp${i}`,
      labels: { alertname: 'GPUOOMRisk', pod: `trainer-${i}` },
      annotations: {},
      startsAt: '2026-12-06T01:00:00.000Z',
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    });
    const alerts: unknown[] = Array.from({ length: 300 }, (_, i) => alert(i));
    alerts[217] = { ...alert(217), status: { state: 'gone', silencedBy: [], inhibitedBy: [] } };
    server.set((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(alerts));
    });
    const am = createAlertmanagerClient({ url: server.url, timeoutMs: 2000 });
    expect(await failureOf(am.listAlerts(), server.url)).toMatch(
      /not an Alertmanager \/api\/v2\/alerts reply \(.+ at 217\.status\.state; is this an Alertmanager URL\?\)/,
    );

    server.set((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ alerts: [] }));
    });
    expect(await failureOf(am.listAlerts(), server.url)).toMatch(
      /not an Alertmanager \/api\/v2\/alerts reply \(.*expected array.*; is this an Alertmanager URL\?\)/,
    );

    // Well-formed, all 300 come through in order.
    alerts[217] = alert(217);
    server.set((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(alerts));
    });
    const listed = await am.listAlerts();
    expect(listed.map((a) => a.fingerprint)).toEqual(alerts.map((_, i) => `fp${i}`));
    expect(listed[5]!.receivers).toEqual([]);
  });
});

describe('faults: an Alertmanager that asks Vigil to wait', () => {
  // One alert as Alertmanager 0.25 lists it under GET /api/v2/alerts.
  const alerts = JSON.stringify([
    {
      annotations: { summary: 'Fraud model error ratio above 5%' },
      endsAt: '2099-01-01T00:00:00.000Z',
      fingerprint: '3f5e9c0d1a2b4c6d',
      receivers: [{ name: 'oncall' }],
      startsAt: '2026-12-07T02:58:05.123Z',
      status: { inhibitedBy: [], silencedBy: [], state: 'active' },
      updatedAt: '2026-12-07T02:58:05.123Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
      labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' },
    },
  ]);

  it('a member answering 429 with Retry-After is not asked again before then; the other keeps the alerts live', async () => {
    const other = await startFaultServer();
    let limitedAsked = 0;
    let otherAsked = 0;
    server.set((_q, res) => {
      limitedAsked++;
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '30' });
      res.end('rate limited');
    });
    other.set((_q, res) => {
      otherAsked++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(alerts);
    });
    let updates = 0;
    const source = createAlertmanagerSource({
      id: 'am',
      name: 'AM',
      url: server.url,
      members: [other.url],
      intervalMs: 100,
      timeoutMs: 2000,
      onUpdate: () => updates++,
    });
    try {
      source.start();
      await until(() => updates >= 5);
      source.pollNow();
      await until(() => updates >= 6);
      const h = source.health();
      expect(h.status).toBe('degraded');
      expect(h.message).toMatch(/1 of 2 members answering: .*asked Vigil to wait \(HTTP 429\): next request at/);
      expect(source.signals().map((x) => [x.name, x.stale])).toEqual([['FraudModelHighErrorRate', false]]);
      expect(limitedAsked).toBe(1);
      expect(otherAsked).toBeGreaterThanOrEqual(6);
    } finally {
      source.stop();
      await other.close();
    }
  });
});

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
