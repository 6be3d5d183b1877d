// Attack cases against the sources (issue 17), through the real host and services: a server that
// echoes the credentials in its error, a label-less silence, a redirect to another origin.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { callBridge, connectBridge, startTestHost, type TestHost } from '../../electron/host/testing/bridgeClient';
import { startFaultServer } from './faultServer';

const TOKEN = 'am-bearer-S3cr3t-token-9f8e7d';
const API_KEY = 'tenant-api-key-77aa55';

type Fault = Awaited<ReturnType<typeof startFaultServer>>;
let t: TestHost;
let ws: WebSocket;
const logged: string[] = [];
const frames: Record<string, unknown>[] = [];
let nextId = 1;

async function call(channel: string, input: unknown): Promise<Record<string, unknown>> {
  return callBridge(ws, { id: nextId++, channel, input });
}
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${String(r.error)}`);
  return r.output as T;
}

/** Alertmanager's /api/v2/alerts entry for these labels. */
const amAlert = (fingerprint: string, labels: Record<string, string>) => ({
  fingerprint,
  labels,
  annotations: { summary: 'fault' },
  startsAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  receivers: [{ name: 'team' }],
  status: { state: 'active', silencedBy: [], inhibitedBy: [] },
});

/** An Alertmanager answering alerts and silences from memory, with a POST /silences the test sets. */
function alertmanager(server: Fault, alerts: unknown[], onSilence: Parameters<Fault['set']>[0]) {
  const posted: string[] = [];
  server.set((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/api/v2/silences') {
      posted.push(req.url ?? '');
      return onSilence(req, res);
    }
    res.setHeader('Content-Type', 'application/json');
    if (path === '/api/v2/alerts') return res.end(JSON.stringify(alerts));
    if (path === '/api/v2/silences') return res.end('[]');
    res.statusCode = 404;
    res.end('{}');
  });
  return posted;
}

async function addAlertmanager(url: string, name: string): Promise<string> {
  const view = await ok<{ id: string }>('sources:add', {
    kind: 'alertmanager',
    name,
    url,
    intervalSeconds: 2,
    pathPrefix: '',
    headers: { 'X-Api-Key': API_KEY },
    basicAuthUser: null,
    caPem: null,
    bearerToken: TOKEN,
  });
  return view.id;
}

async function incidentFrom(sourceId: string): Promise<{ id: string; title: string }> {
  for (let i = 0; i < 200; i++) {
    await ok('sources:poll', { id: sourceId });
    const { incidents: list } = await ok<{
      incidents: { id: string; title: string; signals: { sourceId: string }[] }[];
    }>('incidents:page', { limit: 500 });
    const found = list.find((x) => x.signals.some((s) => s.sourceId === sourceId));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no incident from ${sourceId}`);
}

const servers: Fault[] = [];
beforeAll(async () => {
  t = await startTestHost({ log: (m) => logged.push(m) });
  ws = await connectBridge(t.host.port);
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const prefs = await ok<{ preferences: Record<string, unknown> }>('preferences:get', {});
  await ok('preferences:update', { ...prefs.preferences, displayName: 'Ada Okafor' });
});
afterAll(async () => {
  ws.close();
  await t.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function server(): Promise<Fault> {
  const s = await startFaultServer();
  servers.push(s);
  return s;
}

/** Every place a secret could land once it left a source client. */
function everywhere(): string {
  const incidentsDir = join(t.dataDir, 'incidents');
  const files = readdirSync(incidentsDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
  return [JSON.stringify(frames), logged.join('\n'), ...files].join('\n');
}

describe('attack: sources', () => {
  it('a server that echoes Authorization and the extra headers in a 500: no secret reaches the page, incident:remote, timeline, post-mortem or log', async () => {
    const am = await server();
    const posted = alertmanager(
      am,
      [amAlert('e1', { alertname: 'EchoTest', service: 'echo', severity: 'critical' })],
      (req, res) => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain');
        res.end(
          `upstream proxy error; request headers: Authorization: ${req.headers.authorization} X-Api-Key: ${String(req.headers['x-api-key'])}`,
        );
      },
    );
    const sourceId = await addAlertmanager(am.url, 'Echo AM');
    const inc = await incidentFrom(sourceId);
    const reply = await call('incident:silence', { id: inc.id, minutes: 30, comment: 'echo test' });
    expect(posted).toHaveLength(1);
    expect(reply.ok).toBe(false);
    // The failure is still explained, with the server's words minus the secrets.
    expect(String(reply.error)).toMatch(
      /Alertmanager silence failed in Echo AM: .*HTTP 500.*Authorization: Bearer \[secret\] X-Api-Key: \[secret\]/,
    );
    const draft = await ok('postmortem:open', { incidentId: inc.id });
    const all = everywhere() + JSON.stringify(draft) + JSON.stringify(reply);
    expect(all).toContain('remote-action-failed');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(API_KEY);
  });

  it('a label-less silence (alerts with no alertname) is refused: nothing reaches Alertmanager', async () => {
    const am = await server();
    const posted = alertmanager(am, [amAlert('n1', { severity: 'critical', team: 'payments' })], (_q, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end('{"silenceID":"should-not-happen"}');
    });
    const sourceId = await addAlertmanager(am.url, 'Nameless AM');
    const inc = await incidentFrom(sourceId);
    const context = await ok<{ silence: { possible: boolean; why: string } }>('incident:context', { id: inc.id });
    expect(context.silence).toEqual({
      possible: false,
      why: expect.stringMatching(
        /carry no alertname, so a silence would match every alert with severity="critical", team="payments"/,
      ),
    });
    const reply = await call('incident:silence', { id: inc.id, minutes: 60, comment: 'noise' });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/carry no alertname/) });
    expect(posted).toEqual([]);
  });

  it('a redirecting source with extra headers: the redirect to another origin is not followed and health says so', async () => {
    const elsewhere = await server();
    const seen: (string | undefined)[] = [];
    elsewhere.set((req, res) => {
      seen.push(String(req.headers['x-api-key'] ?? '') + String(req.headers.authorization ?? ''));
      res.setHeader('Content-Type', 'application/json');
      res.end('[]');
    });
    const am = await server();
    am.set((req, res) => {
      res.statusCode = 302;
      res.setHeader('Location', `${elsewhere.url}${req.url}`);
      res.end();
    });
    const sourceId = await addAlertmanager(am.url, 'Redirecting AM');
    let health: { status: string; message: string | null } | undefined;
    for (let i = 0; i < 200 && !health?.message; i++) {
      await ok('sources:poll', { id: sourceId });
      const list = await ok<{ id: string; health: { status: string; message: string | null } }[]>('sources:list', {});
      health = list.find((s) => s.id === sourceId)?.health;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(health?.message).toMatch(
      new RegExp(`redirects to ${elsewhere.url.replace(/[.]/g, '\\.')}, another address: Vigil does not follow`),
    );
    expect(seen).toEqual([]);
  });

  it("extra headers are stored and shown as secrets; the data directory and its files are the user's only", async () => {
    const am = await server();
    alertmanager(am, [], (_q, res) => res.end('{}'));
    const sourceId = await addAlertmanager(am.url, 'Header AM');
    const list = await ok<{ id: string; headers?: unknown }[]>('sources:list', {});
    expect(list.find((x) => x.id === sourceId)?.headers).toEqual({ 'X-Api-Key': { set: true } });
    expect(JSON.stringify(list)).not.toContain(API_KEY);
    expect(readFileSync(join(t.dataDir, 'settings.json'), 'utf8')).not.toContain(API_KEY);
    const mode = (p: string) => statSync(join(t.dataDir, p)).mode & 0o777;
    expect([mode('.'), mode('settings.json'), mode('secrets.json')]).toEqual([0o700, 0o600, 0o600]);
    // Pointing the source elsewhere without typing the headers again would hand them to that server.
    const moved = await call('sources:update', {
      id: sourceId,
      kind: 'alertmanager',
      name: 'Header AM',
      url: 'http://127.0.0.2:9',
      intervalSeconds: 2,
      pathPrefix: '',
      basicAuthUser: null,
      caPem: null,
      bearerToken: 'another-token-1234',
    });
    expect(moved).toMatchObject({ ok: false, error: expect.stringMatching(/enter the extra headers again/) });
  });
});
