import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { createPrometheusSource } from '../../electron/sources/prometheusSource';
import { deadPort, startFaultServer, type Handler } from './faultServer';

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => (server = await startFaultServer()));
afterAll(() => server.close());

const GOOD = JSON.stringify({
  status: 'success',
  data: {
    alerts: [
      {
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' },
        annotations: { summary: 'Fraud model error rate exceeds 5%' },
        state: 'firing',
        activeAt: '2026-11-24T22:41:00Z',
        value: '7.2e-02',
      },
    ],
  },
});
const json =
  (body: string, status = 200): Handler =>
  (_q, r) => {
    r.writeHead(status, { 'content-type': 'application/json' });
    r.end(body);
  };

/**
 * Polls once with good data (so there is something to lose), then once with the fault, and
 * returns the health and signals after the fault.
 */
async function afterFault(fault: Handler, opts: { url?: string; timeoutMs?: number } = {}) {
  server.set(json(GOOD));
  let updates = 0;
  const source = createPrometheusSource({
    id: 'prom',
    name: 'Prometheus',
    url: server.url,
    intervalMs: 60_000,
    timeoutMs: opts.timeoutMs ?? 1500,
    onUpdate: () => updates++,
  });
  source.start();
  await until(() => updates >= 1);
  const before = source.signals();
  server.set(fault);
  source.pollNow();
  await until(() => updates >= 2, 10_000);
  source.stop();
  return { before, health: source.health(), after: source.signals() };
}

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectKept(before: Signal[], after: Signal[]) {
  expect(before).toHaveLength(1);
  expect(after.map((s) => ({ ...s, stale: false }))).toEqual(before);
  expect(after.every((s) => s.stale)).toBe(true);
}

function expectHealth(h: SourceHealth, status: SourceHealth['status'], message: RegExp) {
  expect(h.status).toBe(status);
  expect(h.message).toMatch(message);
}

describe('faults: Prometheus', () => {
  it('Prometheus down: refused connection is said in words, alerts kept stale', async () => {
    server.set(json(GOOD));
    const port = await deadPort();
    let n = 0;
    const s = createPrometheusSource({
      id: 'p',
      name: 'P',
      url: `http://127.0.0.1:${port}`,
      intervalMs: 60_000,
      onUpdate: () => n++,
    });
    s.start();
    await until(() => n >= 1);
    s.stop();
    expectHealth(s.health(), 'unreachable', /refused the connection \(is it running\?\)/);
  });

  it('Prometheus slow: a reply slower than the timeout is reported, alerts kept', async () => {
    const r = await afterFault((_q, res) => setTimeout(() => json(GOOD)(_q, res), 3000), { timeoutMs: 500 });
    expectHealth(r.health, 'unreachable', /did not answer within 0.5 s/);
    expectKept(r.before, r.after);
  });

  it('Prometheus returns an HTML page (login page / wrong URL)', async () => {
    const r = await afterFault((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in</body></html>');
    });
    expectHealth(r.health, 'bad-reply', /HTML page instead of JSON/);
    expectKept(r.before, r.after);
  });

  it('Prometheus returns truncated JSON', async () => {
    const r = await afterFault(json(GOOD.slice(0, 80)));
    expectHealth(r.health, 'bad-reply', /malformed or truncated/);
    expectKept(r.before, r.after);
  });

  it('Prometheus answers HTTP 500', async () => {
    const r = await afterFault(json('{"status":"error","error":"query timed out"}', 500));
    expectHealth(r.health, 'unreachable', /answered HTTP 500/);
    expect(r.health.detail).toMatch(/query timed out/);
    expectKept(r.before, r.after);
  });

  it('Prometheus reply of the wrong schema (not the alerts API)', async () => {
    const r = await afterFault(json('{"status":"success","data":{"resultType":"vector","result":[]}}'));
    expectHealth(r.health, 'bad-reply', /not a Prometheus alerts reply/);
    expectKept(r.before, r.after);
  });

  it('Prometheus sends a 70 MB reply, over the 64 MB cap: refused without exhausting memory', async () => {
    const big = Buffer.alloc(70 * 1024 * 1024, 0x20);
    const r = await afterFault((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length) });
      res.end(big);
    });
    expectHealth(r.health, 'bad-reply', /over the 67 MB limit|is 73 MB, over/);
    expectKept(r.before, r.after);
  });

  it('Prometheus activeAt in the future (clock skew) is not trusted as the start time', async () => {
    const skewed = GOOD.replace('2026-11-24T22:41:00Z', '2099-01-01T00:00:00Z');
    const r = await afterFault(json(skewed));
    expectHealth(r.health, 'degraded', /starting .* in the future: its clock or this machine's is off/);
    const at = Date.parse(r.after[0]!.activeAt!);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('a gateway answers 429 without Retry-After: rate-limited in words, alerts kept', async () => {
    const r = await afterFault(json('{"error":"too many requests"}', 429));
    expectHealth(r.health, 'rate-limited', /limiting Vigil's requests \(HTTP 429\): .*pause that grows/);
    expect(r.health.until).toBeNull();
    expectKept(r.before, r.after);
  });

  it('a gateway answers 429 with Retry-After: nothing is sent before that time, not even by "Check now"', async () => {
    server.set(json(GOOD));
    let updates = 0;
    let requests = 0;
    const s = createPrometheusSource({
      id: 'p',
      name: 'P',
      url: server.url,
      intervalMs: 100,
      onUpdate: () => updates++,
    });
    s.start();
    await until(() => updates >= 1);
    const before = s.signals();
    server.set((_q, res) => {
      requests++;
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '2' });
      res.end('slow down');
    });
    const limitedAt = Date.now();
    await until(() => s.health().status === 'rate-limited');
    expect(requests).toBe(1);
    expect(s.health().message).toMatch(
      /limiting Vigil's requests \(HTTP 429\): Vigil asks again at \d\d:\d\d:\d\d UTC/,
    );
    const heldUntil = Date.parse(s.health().until!);
    expect(heldUntil - limitedAt).toBeGreaterThan(1000);
    // The schedule (every 100 ms, backing off) and a person's "Check now" both wait.
    server.set((_q, res) => {
      requests++;
      json(GOOD)(_q, res);
    });
    const at = updates;
    s.pollNow();
    await until(() => updates > at);
    expect(s.health().message).toMatch(/asked Vigil to wait \(HTTP 429\): next request at/);
    expect(s.signals().map((x) => ({ ...x, stale: false }))).toEqual(before);
    while (Date.now() < heldUntil - 100) await new Promise((r) => setTimeout(r, 50));
    expect(requests, 'requests sent during the Retry-After').toBe(1);
    await until(() => s.health().status === 'ok', 8000);
    s.stop();
    expect(requests).toBeGreaterThan(1);
    expect(s.health().until).toBeNull();
    expect(s.signals().every((x) => !x.stale)).toBe(true);
  });

  it('a poll that throws past every check (here the listener) is said in the health, never silent', async () => {
    server.set(json(GOOD));
    let calls = 0;
    const s = createPrometheusSource({
      id: 'p',
      name: 'P',
      url: server.url,
      intervalMs: 60_000,
      onUpdate: () => {
        if (++calls === 1) throw new Error('settings.json: Unexpected end of JSON input');
      },
    });
    s.start();
    await until(() => calls >= 2);
    s.stop();
    expectHealth(
      s.health(),
      'bad-reply',
      /Vigil failed while reading the alerts of Prometheus at .* \(settings\.json: Unexpected end of JSON input\); the last alerts stay listed/,
    );
    expect(s.signals().every((x) => x.stale)).toBe(true);
  });

  it('Prometheus recovers: health returns to ok and alerts are fresh again', async () => {
    const r = await afterFault(json(GOOD));
    expect(r.health.status).toBe('ok');
    expect(r.after.every((s) => !s.stale)).toBe(true);
  });
});

describe('faults: Prometheus URLs and auth', () => {
  const once = async (url: string) => {
    let n = 0;
    const s = createPrometheusSource({
      id: 'p',
      name: 'P',
      url,
      intervalMs: 60_000,
      timeoutMs: 3000,
      onUpdate: () => n++,
    });
    s.start();
    await until(() => n >= 1, 8000);
    s.stop();
    return s.health();
  };

  it('Prometheus URL whose host name does not resolve', async () => {
    expectHealth(await once('http://prometheus.invalid:9090'), 'unreachable', /does not resolve/);
  });

  it('Prometheus asks for credentials (401)', async () => {
    server.set(json('{"error":"unauthorized"}', 401));
    expectHealth(await once(server.url), 'auth-rejected', /401/);
  });

  it('Prometheus redirects to a login page', async () => {
    server.set((req, res) => {
      if (req.url?.startsWith('/login')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><form>Sign in</form>');
        return;
      }
      res.writeHead(302, { location: '/login' });
      res.end();
    });
    expectHealth(await once(server.url), 'bad-reply', /HTML page instead of JSON/);
  });

  it('Prometheus answers 200 with an empty body', async () => {
    server.set((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    expectHealth(await once(server.url), 'bad-reply', /malformed or truncated/);
  });

  it('Prometheus alerts without labels (schema violation) are refused, not half-read', async () => {
    server.set(json('{"status":"success","data":{"alerts":[{"state":"firing","annotations":{}}]}}'));
    expectHealth(await once(server.url), 'bad-reply', /not a Prometheus alerts reply/);
  });
});
