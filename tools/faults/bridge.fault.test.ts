import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBridge, connectBridge, startTestHost, type TestHost } from '../../electron/host/testing/bridgeClient';

let t: TestHost;
beforeAll(async () => (t = await startTestHost()));
afterAll(() => t.close());

describe('faults: browser host bridge', () => {
  it('bridge with a wrong token is refused (401)', async () => {
    await expect(connectBridge(t.host.port, { token: 'f'.repeat(48) })).rejects.toThrow('HTTP 401');
  });

  it('bridge from a foreign Origin is refused (403)', async () => {
    await expect(connectBridge(t.host.port, { origin: 'https://attacker.example' })).rejects.toThrow('HTTP 403');
  });

  it('bridge with a foreign Host header is refused (403, DNS rebinding)', async () => {
    await expect(connectBridge(t.host.port, { host: 'attacker.example' })).rejects.toThrow('HTTP 403');
  });

  it('an oversized message closes that connection only (1009); the host keeps serving', async () => {
    const ws = await connectBridge(t.host.port);
    const closed = new Promise<number>((res) => ws.on('close', (code) => res(code)));
    ws.send(JSON.stringify({ id: 1, channel: 'app:info', input: { pad: 'x'.repeat(300 * 1024) } }));
    expect(await closed).toBe(1009);
    const again = await connectBridge(t.host.port);
    expect((await callBridge(again, { id: 1, channel: 'app:info', input: {} })).ok).toBe(true);
    again.close();
  });

  it('malformed messages get a clear error and the connection stays usable', async () => {
    const ws = await connectBridge(t.host.port);
    for (const junk of ['', 'null', '[]', '{"id":"x"}', '{"id":1}', '\u0000\u0001']) {
      expect(await callBridge(ws, junk)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/malformed message/),
      });
    }
    expect((await callBridge(ws, { id: 9, channel: 'app:info', input: {} })).ok).toBe(true);
    ws.close();
  });

  it('no request sends the whole incident list in one reply: pages of at most 500, the old channel gone', async () => {
    const ws = await connectBridge(t.host.port);
    // A storm's 20,000 incidents in one reply are 32 MB, past the unread bytes a reader may leave.
    expect(await callBridge(ws, { id: 1, channel: 'incidents:list', input: {} })).toMatchObject({
      ok: false,
      error: 'unknown request "incidents:list"',
    });
    expect(await callBridge(ws, { id: 2, channel: 'incidents:page', input: { limit: 501 } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/limit/),
    });
    expect((await callBridge(ws, { id: 3, channel: 'incidents:page', input: { limit: 500 } })).ok).toBe(true);
    ws.close();
  });

  it('a flood of 2,000 requests is answered or refused, never crashes the host', async () => {
    const ws = await connectBridge(t.host.port);
    const replies = new Map<number, Record<string, unknown>>();
    const done = new Promise<void>((res) =>
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (typeof msg.id === 'number') replies.set(msg.id, msg);
        if (replies.size === 2000) res();
      }),
    );
    for (let i = 0; i < 2000; i++) ws.send(JSON.stringify({ id: i, channel: 'incidents:page', input: { limit: 500 } }));
    await done;
    const refused = [...replies.values()].filter((r) => !r.ok);
    for (const r of refused) expect(r.error).toBe('too many requests in flight; slow down');
    expect(replies.size).toBe(2000);
    expect((await callBridge(ws, { id: 5000, channel: 'app:info', input: {} })).ok).toBe(true);
    ws.close();
  });
});

describe('faults: browser host HTTP', () => {
  it('a malformed URL escape gets 400 and the host keeps serving', async () => {
    const { httpGet } = await import('../../electron/host/testing/bridgeClient');
    const host = `127.0.0.1:${t.host.port}`;
    expect((await httpGet(t.host.port, '/%E0%A4%A', host)).status).toBe(400);
    expect((await httpGet(t.host.port, '/', host)).status).toBe(200);
  });
});
