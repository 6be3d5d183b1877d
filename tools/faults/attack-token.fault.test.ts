// Attack cases on the browser host's access token (issue 17): the real `npm run web` process.
// The token must never be readable by another user of the machine (argv in /proc, logs, the
// 101 reply), and a new one comes with every start.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../e2e/fixtures/startHost';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/wire';

const hosts: RunningHost[] = [];
afterAll(async () => {
  for (const h of hosts.reverse()) await h.stop();
});

/** What another local user can read of a process: its command line and environment names. */
function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
}

describe('attack: the access token', () => {
  it('is in neither argv nor the log; the browser gets it from a 0600 launch file in a 0700 folder', async () => {
    const host = await startHost();
    hosts.push(host);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
    expect(cmdline(host.pid)).not.toContain(host.token);
    expect(host.stdoutTail(50)).toMatch(/Open it with file:\/\/.*open-vigil\.html/);
    expect(host.stdoutTail(50)).not.toContain(host.token);
    expect(host.logTail(200)).not.toContain(host.token);
    const launch = join(host.dataDir, 'open-vigil.html');
    expect(statSync(launch).mode & 0o777).toBe(0o600);
    expect(statSync(host.dataDir).mode & 0o777).toBe(0o700);
  });

  it('is not echoed in the WebSocket 101 reply, and a new one comes with every start', async () => {
    const host = hosts[0]!;
    const ws = new WebSocket(
      `ws://127.0.0.1:${host.port}/bridge`,
      [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${host.token}`],
      {
        origin: host.origin,
      },
    );
    const upgrade = await new Promise<Record<string, string | string[] | undefined>>((res, rej) => {
      ws.on('upgrade', (r) => res(r.headers));
      ws.on('error', rej);
    });
    expect(upgrade['sec-websocket-protocol']).toBe(BRIDGE_PROTOCOL);
    expect(JSON.stringify(upgrade)).not.toContain(host.token);
    ws.close();
    const again = await startHost();
    hosts.push(again);
    expect(again.token).not.toBe(host.token);
  });
});
