// Attack cases against the browser host's bridge and static server (issue 17): a slow reader, a
// connection flood, the token echoed in the 101, a file vanishing mid-request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import {
  callBridge,
  connectBridge,
  startTestHost,
  TEST_TOKEN,
  type TestHost,
} from '../../electron/host/testing/bridgeClient';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/wire';

let t: TestHost;
const logged: string[] = [];
const staticDir = mkdtempSync(join(tmpdir(), 'vigil-attack-static-'));
beforeAll(
  async () =>
    (t = await startTestHost({
      staticDir,
      log: (m) => logged.push(m),
      maxBufferedBytes: 64 * 1024,
      maxConnections: 4,
    })),
);
afterAll(async () => {
  await t.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const tick = () => new Promise((r) => setImmediate(r));

describe('attack: browser host bridge', () => {
  it('the 101 reply selects the fixed protocol name, never echoes the token', async () => {
    const ws = await connectBridge(t.host.port);
    expect(ws.protocol).toBe(BRIDGE_PROTOCOL);
    expect(ws.protocol).not.toContain(TEST_TOKEN);
    ws.close();
  });

  it('a client offering only the token (no bridge protocol) is refused', async () => {
    await expect(connectBridge(t.host.port, { protocols: [`${TOKEN_PROTOCOL_PREFIX}${TEST_TOKEN}`] })).rejects.toThrow(
      'HTTP 400',
    );
  });

  it('connection cap: past the limit a new connection is refused (503), and admitted again once one closes', async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < 4; i++) open.push(await connectBridge(t.host.port));
    await expect(connectBridge(t.host.port)).rejects.toThrow('HTTP 503');
    const closed = new Promise((r) => open[0]!.once('close', r));
    open[0]!.close();
    await closed;
    for (let i = 0; i < 50 && t.host.connections() >= 4; i++) await tick();
    const again = await connectBridge(t.host.port);
    expect((await callBridge(again, { id: 1, channel: 'app:info', input: {} })).ok).toBe(true);
    for (const ws of [...open.slice(1), again]) ws.close();
    for (let i = 0; i < 5000 && t.host.connections() > 0; i++) await new Promise((r) => setTimeout(r, 1));
  });

  it('slow reader: a client that never reads is dropped with a reason; the host keeps serving others', async () => {
    const slow = await connectBridge(t.host.port);
    const socket = (slow as unknown as { _socket: { pause(): void } })._socket;
    socket.pause(); // reads nothing from here on: replies pile up in the kernel, then in the host
    const before = t.host.connections();
    let id = 0;
    // Each round asks for ~2.6 KB replies; the kernel's buffers take a few MB before the host's fills.
    for (let round = 0; round < 2000 && !logged.some((m) => m.includes('bridge client dropped')); round++) {
      for (let i = 0; i < 60; i++) slow.send(JSON.stringify({ id: id++, channel: 'runbooks:list', input: {} }));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(logged.find((m) => m.includes('bridge client dropped'))).toMatch(/KB of replies unread/);
    for (let i = 0; i < 5000 && t.host.connections() >= before; i++) await new Promise((r) => setTimeout(r, 1));
    expect(t.host.connections()).toBe(before - 1);
    const other = await connectBridge(t.host.port);
    expect((await callBridge(other, { id: 1, channel: 'app:info', input: {} })).ok).toBe(true);
    other.close();
    slow.terminate();
  });
});

describe('attack: browser host static files', () => {
  it('a rebuild is seen at once: a file that vanished answers 404, a rewritten one its new bytes; the host stays up', async () => {
    // Files are served from memory (staticFiles.ts): memory must never outlive the disk.
    const file = join(staticDir, 'vanishing.js');
    const fetchFile = () =>
      new Promise<{ status: number; body: string }>((res, rej) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: t.host.port,
            path: '/vanishing.js',
            headers: { host: `127.0.0.1:${t.host.port}` },
          },
          (r) => {
            let body = '';
            r.on('data', (c: Buffer) => (body += c.toString()));
            r.on('end', () => res({ status: r.statusCode ?? 0, body }));
          },
        );
        req.on('error', rej);
        req.end();
      });
    writeFileSync(file, 'x'.repeat(1000));
    expect(await fetchFile()).toEqual({ status: 200, body: 'x'.repeat(1000) });
    rmSync(file, { force: true });
    expect((await fetchFile()).status).toBe(404);
    // The same size again, as a rebuild that changes one character would write.
    writeFileSync(file, 'y'.repeat(1000));
    expect(await fetchFile()).toEqual({ status: 200, body: 'y'.repeat(1000) });
    // Gone between the request's arrival and its answer.
    const vanish = (req: { url?: string }) => {
      if (req.url === '/vanishing.js') rmSync(file, { force: true });
    };
    t.host.server.prependListener('request', vanish);
    expect((await fetchFile()).status).toBe(404);
    t.host.server.off('request', vanish);
    const ws = await connectBridge(t.host.port);
    expect((await callBridge(ws, { id: 1, channel: 'app:info', input: {} })).ok).toBe(true);
    ws.close();
  });
});
