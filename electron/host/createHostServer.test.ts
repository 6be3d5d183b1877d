import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Incident } from '../../shared/domain/incident';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/wire';
import { createVigilServices, type VigilServices } from '../services/createVigilServices';
import { startHostServer, type HostServer } from './createHostServer';

const TOKEN = 'a'.repeat(48);
let host: HostServer;
let services: VigilServices;
const notified: Incident[] = [];

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'vigil-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  services = createVigilServices({
    dataDir: mkdtempSync(join(tmpdir(), 'vigil-host-')),
    resourcesDir: resolve('resources'),
    mode: 'browser',
    version: '0.0.0-test',
    notifier: { notify: (i) => notified.push(i) },
    demoSpeed: 30,
  });
  host = await startHostServer({ services, staticDir, token: TOKEN, port: 0 });
  services.start();
});

afterAll(async () => {
  services.stop();
  await host.close();
});

interface Opts {
  token?: string;
  origin?: string;
  host?: string;
}

/** Opens the bridge and resolves with the socket, or rejects with the HTTP status of the refusal. */
function connect({ token = TOKEN, origin, host: hostHeader }: Opts = {}): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, [`${TOKEN_PROTOCOL_PREFIX}${token}`], {
      origin: origin ?? `http://127.0.0.1:${host.port}`,
      headers: hostHeader ? { host: hostHeader } : {},
    });
    ws.on('open', () => res(ws));
    ws.on('unexpected-response', (_req, r) => rej(new Error(`HTTP ${r.statusCode}`)));
    ws.on('error', rej);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((res) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString());
      if ('id' in msg) {
        ws.off('message', onMessage);
        res(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

function httpGet(path: string, hostHeader: string): Promise<{ status: number; csp?: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: hostHeader } }, (r) => {
      r.resume();
      res({ status: r.statusCode ?? 0, csp: r.headers['content-security-policy'] as string | undefined });
    });
    req.on('error', rej);
    req.end();
  });
}

describe('browser host bridge security', () => {
  it('refuses a wrong token', async () => {
    await expect(connect({ token: 'b'.repeat(48) })).rejects.toThrow('HTTP 401');
  });

  it('refuses a missing token', async () => {
    await expect(connect({ token: '' })).rejects.toThrow('HTTP 401');
  });

  it('refuses a foreign Origin (another web page in the same browser)', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    await expect(connect({ host: `evil.example:${host.port}` })).rejects.toThrow('HTTP 403');
    expect((await httpGet('/', `evil.example:${host.port}`)).status).toBe(403);
  });

  it('serves the renderer with a strict CSP to its own host name', async () => {
    const r = await httpGet('/', `127.0.0.1:${host.port}`);
    expect(r.status).toBe(200);
    expect(r.csp).toContain("script-src 'self'");
    expect((await httpGet('/../../etc/passwd', `127.0.0.1:${host.port}`)).status).toBe(404);
  });

  it('answers a valid request and explains invalid ones without crashing', async () => {
    const ws = await connect();
    const info = await call(ws, { id: 1, channel: 'app:info', input: {} });
    expect(info).toMatchObject({ id: 1, ok: true, output: { name: 'Vigil', mode: 'browser', firstRun: true } });
    expect(await call(ws, { id: 2, channel: 'shell:exec', input: {} })).toMatchObject({
      ok: false,
      error: 'unknown request "shell:exec"',
    });
    const bad = await call(ws, {
      id: 3,
      channel: 'sources:add',
      input: { kind: 'prometheus', name: 'x', url: 'javascript:alert(1)' },
    });
    expect(bad).toMatchObject({ id: 3, ok: false });
    expect(String(bad.error)).toMatch(/invalid sources:add request: .*http\(s\) URL/);
    expect(await call(ws, '{not json')).toMatchObject({
      id: -1,
      ok: false,
      error: expect.stringMatching(/malformed message/),
    });
    expect((await call(ws, { id: 4, channel: 'app:info', input: {} })).ok).toBe(true);
    ws.close();
  });

  it('closes a connection that sends an oversized frame, and keeps serving others', async () => {
    const ws = await connect();
    const closed = new Promise<number>((res) => ws.on('close', (code) => res(code)));
    ws.send(JSON.stringify({ id: 1, channel: 'app:info', input: { pad: 'x'.repeat(300 * 1024) } }));
    expect(await closed).toBe(1009);
    const again = await connect();
    expect((await call(again, { id: 1, channel: 'app:info', input: {} })).ok).toBe(true);
    again.close();
  });

  it('pushes incident diffs to a connected renderer (demo source through the same pipeline)', async () => {
    const ws = await connect();
    const changed = new Promise<Incident[]>((res) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.event === 'incidents:changed' && msg.payload.changed.length) res(msg.payload.changed);
      });
    });
    expect((await call(ws, { id: 1, channel: 'demo:start', input: {} })).ok).toBe(true);
    const incidents = await changed;
    expect(incidents[0]!.sourceKinds).toEqual(['demo']);
    ws.close();
  });
});
