import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { callBridge, connectBridge, httpGet, startTestHost, type TestHost } from './testing/bridgeClient';

let t: TestHost;
beforeAll(async () => (t = await startTestHost()));
afterAll(() => t.close());

const connect = (opts?: Parameters<typeof connectBridge>[1]) => connectBridge(t.host.port, opts);

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
    await expect(connect({ host: `evil.example:${t.host.port}` })).rejects.toThrow('HTTP 403');
    expect((await httpGet(t.host.port, '/', `evil.example:${t.host.port}`)).status).toBe(403);
  });

  it('serves the renderer with a strict CSP to its own host name, and nothing outside it', async () => {
    const r = await httpGet(t.host.port, '/', `127.0.0.1:${t.host.port}`);
    expect(r.status).toBe(200);
    expect(r.csp).toContain("script-src 'self'");
    expect((await httpGet(t.host.port, '/../../etc/passwd', `127.0.0.1:${t.host.port}`)).status).toBe(404);
  });

  it('answers a valid request and explains invalid ones without crashing', async () => {
    const ws = await connect();
    const info = await callBridge(ws, { id: 1, channel: 'app:info', input: {} });
    expect(info).toMatchObject({ id: 1, ok: true, output: { name: 'Vigil', mode: 'browser', firstRun: true } });
    expect(await callBridge(ws, { id: 2, channel: 'shell:exec', input: {} })).toMatchObject({
      ok: false,
      error: 'unknown request "shell:exec"',
    });
    const bad = await callBridge(ws, {
      id: 3,
      channel: 'sources:add',
      input: { kind: 'prometheus', name: 'x', url: 'javascript:alert(1)' },
    });
    expect(bad).toMatchObject({ id: 3, ok: false });
    expect(String(bad.error)).toMatch(/invalid sources:add request: .*http\(s\) URL/);
    expect(await callBridge(ws, '{not json')).toMatchObject({
      id: -1,
      ok: false,
      error: expect.stringMatching(/malformed message/),
    });
    expect((await callBridge(ws, { id: 4, channel: 'app:info', input: {} })).ok).toBe(true);
    ws.close();
  });

  it('pushes incident diffs to a connected renderer (demo source through the same pipeline)', async () => {
    const ws = await connect();
    const changed = new Promise<Incident[]>((res) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.event === 'incidents:changed' && msg.payload.changed.length) res(msg.payload.changed);
      });
    });
    expect((await callBridge(ws, { id: 1, channel: 'demo:start', input: {} })).ok).toBe(true);
    const incidents = await changed;
    expect(incidents[0]!.sourceKinds).toEqual(['demo']);
    ws.close();
  });
});
