// Test helpers: talk to the browser host's bridge the way a browser would (or a hostile page).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import type { OutgoingNotification } from '../../../shared/notify/notificationPolicy';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../shared/ipc/wire';
import { createVigilServices, type VigilServices } from '../../services/createVigilServices';
import { startHostServer, type HostServer, type HostServerOptions } from '../createHostServer';

export const TEST_TOKEN = 'a'.repeat(48);

export interface TestHost {
  host: HostServer;
  services: VigilServices;
  dataDir: string;
  notified: OutgoingNotification[];
  close(): Promise<void>;
}

/** A real host with real services on a temp data dir, a stub notifier and a one-page static dir. */
export async function startTestHost(
  opts: {
    dataDir?: string;
    demoSpeed?: number;
    staticDir?: string;
    log?: (message: string) => void;
  } & Pick<HostServerOptions, 'maxBufferedBytes' | 'maxConnections'> = {},
): Promise<TestHost> {
  const staticDir = opts.staticDir ?? mkdtempSync(join(tmpdir(), 'vigil-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-host-'));
  const notified: OutgoingNotification[] = [];
  const services = createVigilServices({
    dataDir,
    resourcesDir: resolve('resources'),
    mode: 'browser',
    version: '0.0.0-test',
    notifier: { send: (n) => notified.push(n) },
    demoSpeed: opts.demoSpeed ?? 30,
    log: opts.log,
  });
  const host = await startHostServer({
    services,
    staticDir,
    token: TEST_TOKEN,
    port: 0,
    log: opts.log,
    maxBufferedBytes: opts.maxBufferedBytes,
    maxConnections: opts.maxConnections,
  });
  services.start();
  return {
    host,
    services,
    dataDir,
    notified,
    close: async () => {
      services.stop();
      await services.flush();
      await host.close();
    },
  };
}

export interface ConnectOptions {
  token?: string;
  origin?: string;
  host?: string;
  /** Subprotocols offered; by default the bridge's name and the token, as the renderer offers them. */
  protocols?: string[];
}

/** Opens the bridge; rejects with "HTTP <status>" when the host refuses the upgrade. */
export function connectBridge(
  port: number,
  { token = TEST_TOKEN, origin, host, protocols }: ConnectOptions = {},
): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const offered = protocols ?? [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, offered, {
      origin: origin ?? `http://127.0.0.1:${port}`,
      headers: host ? { host } : {},
    });
    ws.on('open', () => res(ws));
    ws.on('unexpected-response', (_req, r) => rej(new Error(`HTTP ${r.statusCode}`)));
    ws.on('error', rej);
  });
}

/** Sends one frame and resolves with the next reply frame (one carrying an id). */
export function callBridge(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
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

export function httpGet(port: number, path: string, hostHeader: string): Promise<{ status: number; csp?: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: hostHeader } }, (r) => {
      r.resume();
      res({ status: r.statusCode ?? 0, csp: r.headers['content-security-policy'] as string | undefined });
    });
    req.on('error', rej);
    req.end();
  });
}
